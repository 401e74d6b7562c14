// BIO / IOB2 tags (`B-PER`, `I-PER`, `O`; BIOES `E-`/`S-` too) per word →
// entity runs. An `I-` that does not continue an entity of its type starts one
// (IOB1 and sloppy models).

export interface TagScheme {
  /** Entity types in first-seen order of the tag list: the model's class list. */
  entityTypes: string[];
  /** Per tag id: its entity type index (-1 for `O`) and its prefix. */
  tags: { type: number; prefix: 'B' | 'I' | 'E' | 'S' | 'O' }[];
}

const TAG = /^([BIES])[-_](.+)$/;

export function parseTagScheme(tagNames: readonly string[]): TagScheme {
  const entityTypes: string[] = [];
  const tags = tagNames.map((name) => {
    const m = TAG.exec(name);
    if (!m) return { type: -1, prefix: 'O' as const };
    const entity = m[2] as string;
    let type = entityTypes.indexOf(entity);
    if (type < 0) type = entityTypes.push(entity) - 1;
    return { type, prefix: m[1] as 'B' | 'I' | 'E' | 'S' };
  });
  return { entityTypes, tags };
}

export interface WordTag {
  tag: number;
  score: number;
}

export interface EntityRun {
  /** Word indices, inclusive. */
  first: number;
  last: number;
  type: number;
  /** Mean score of its words. */
  score: number;
}

export function decodeBio(words: readonly WordTag[], scheme: TagScheme): EntityRun[] {
  const runs: EntityRun[] = [];
  let open: { first: number; type: number; sum: number } | undefined;
  const close = (last: number) => {
    if (open)
      runs.push({
        first: open.first,
        last,
        type: open.type,
        score: open.sum / (last - open.first + 1),
      });
    open = undefined;
  };
  words.forEach((w, i) => {
    const tag = scheme.tags[w.tag] ?? { type: -1, prefix: 'O' };
    if (tag.type < 0) {
      close(i - 1);
      return;
    }
    const continues =
      open !== undefined && open.type === tag.type && (tag.prefix === 'I' || tag.prefix === 'E');
    if (continues && open) open.sum += w.score;
    else {
      close(i - 1);
      open = { first: i, type: tag.type, sum: w.score };
    }
    if (tag.prefix === 'E' || tag.prefix === 'S') close(i);
  });
  close(words.length - 1);
  return runs;
}
