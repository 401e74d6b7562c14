import { KNOWN_TAG_NAMES } from './tags';

/** The known tag closest to a misspelt one, if it is close enough to be a typo. */
export function suggestTag(tag: string): string | undefined {
  const lower = tag.toLowerCase();
  let best: string | undefined;
  let bestDist = Math.max(1, Math.floor(lower.length / 4)) + 1;
  for (const known of KNOWN_TAG_NAMES) {
    const d = editDistance(lower, known.toLowerCase());
    if (d < bestDist) {
      best = known;
      bestDist = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const sub = (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur.push(Math.min(sub, (prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
