// Example labels (names) → label indices, the label list chosen once per training.

export interface LabelledSet {
  labels: string[];
  /** Per kept example: its label indices. */
  targets: number[][];
  /** Index (in the caller's list) of each kept example. */
  kept: number[];
  skipped: string[];
}

/**
 * `labels` (e.g. the config's choices) fixes the label list, classes with no
 * example included; otherwise the sorted labels seen. An example whose labels
 * are all unknown is skipped with a reason (single label: one with no label too).
 */
export function indexLabels(
  exampleLabels: readonly (readonly string[])[],
  labels: readonly string[] | undefined,
  multiple: boolean,
): LabelledSet {
  const list = labels ? [...labels] : [...new Set(exampleLabels.flat())].sort();
  const index = new Map(list.map((l, i) => [l, i]));
  const out: LabelledSet = { labels: list, targets: [], kept: [], skipped: [] };
  exampleLabels.forEach((ls, i) => {
    const known = ls.filter((l) => index.has(l));
    const unknown = ls.filter((l) => !index.has(l));
    if (unknown.length && labels) {
      out.skipped.push(
        `example ${i + 1}: label ${unknown.map((u) => JSON.stringify(u)).join(', ')} not in the label list`,
      );
    }
    if (!multiple && known.length === 0) {
      if (!unknown.length) out.skipped.push(`example ${i + 1}: no label`);
      return;
    }
    if (multiple && known.length === 0 && unknown.length) return;
    out.targets.push(known.map((l) => index.get(l) as number));
    out.kept.push(i);
  });
  return out;
}
