// TF-IDF over hashed terms, as scikit-learn's TfidfVectorizer computes it:
// smooth idf = ln((1 + n) / (1 + df)) + 1, optional sublinear tf = 1 + ln(tf),
// rows L2-normalised. Only buckets seen in training become columns (sorted by
// hash), so a term never seen in training is ignored, as with a vocabulary.
import type { HashingSpec } from './hash-features';
import type { SparseRows } from './matrix';

export interface TfidfSpec extends HashingSpec {
  sublinearTf: boolean;
}

export interface FittedTfidf {
  spec: TfidfSpec;
  documentCount: number;
  /** Hashed bucket of each column, ascending. */
  hashes: Uint32Array;
  idf: Float32Array;
}

/**
 * Document frequencies by sorting every document's buckets in one typed array
 * (a bucket appears once per document) and counting runs: ~4× faster than a
 * Map for 10,000 texts.
 */
export function fitTfidf(docs: readonly Map<number, number>[], spec: TfidfSpec): FittedTfidf {
  let size = 0;
  for (const counts of docs) size += counts.size;
  const all = new Uint32Array(size);
  let at = 0;
  for (const counts of docs) for (const h of counts.keys()) all[at++] = h;
  all.sort();
  const hashes = new Uint32Array(size);
  const df = new Uint32Array(size);
  let columns = 0;
  for (let p = 0; p < size; p++) {
    const h = all[p] as number;
    if (columns > 0 && hashes[columns - 1] === h) df[columns - 1] = (df[columns - 1] as number) + 1;
    else {
      hashes[columns] = h;
      df[columns++] = 1;
    }
  }
  const n = docs.length;
  const idf = new Float32Array(columns);
  for (let c = 0; c < columns; c++) idf[c] = Math.log((1 + n) / (1 + (df[c] as number))) + 1;
  return { spec, documentCount: n, hashes: hashes.slice(0, columns), idf };
}

/** The column of a bucket (binary search in the ascending `hashes`), or -1. */
export function columnOf(hashes: Uint32Array, hash: number): number {
  let lo = 0;
  let hi = hashes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const h = hashes[mid] as number;
    if (h === hash) return mid;
    if (h < hash) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function transformTfidf(
  docs: readonly Map<number, number>[],
  fitted: FittedTfidf,
): SparseRows {
  let size = 0;
  for (const counts of docs) size += counts.size;
  const indptr = new Int32Array(docs.length + 1);
  const indices = new Int32Array(size);
  const values = new Float32Array(size);
  const { hashes, idf } = fitted;
  const sublinear = fitted.spec.sublinearTf;
  let at = 0;
  for (let i = 0; i < docs.length; i++) {
    const start = at;
    let norm = 0;
    for (const [h, count] of docs[i] as Map<number, number>) {
      const c = columnOf(hashes, h);
      if (c < 0) continue;
      const v = (sublinear ? 1 + Math.log(count) : count) * (idf[c] as number);
      indices[at] = c;
      values[at++] = v;
      norm += v * v;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let p = start; p < at; p++) values[p] = (values[p] as number) * scale;
    indptr[i + 1] = at;
  }
  return {
    kind: 'sparse',
    rows: docs.length,
    cols: fitted.hashes.length,
    indptr,
    indices: indices.subarray(0, at),
    values: values.subarray(0, at),
  };
}
