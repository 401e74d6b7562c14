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
  /** bucket → column */
  columns: Map<number, number>;
}

export function fitTfidf(docs: readonly Map<number, number>[], spec: TfidfSpec): FittedTfidf {
  const df = new Map<number, number>();
  for (const counts of docs) for (const h of counts.keys()) df.set(h, (df.get(h) ?? 0) + 1);
  const hashes = Uint32Array.from(df.keys()).sort();
  const n = docs.length;
  const idf = new Float32Array(hashes.length);
  for (let c = 0; c < hashes.length; c++) {
    idf[c] = Math.log((1 + n) / (1 + (df.get(hashes[c] as number) as number))) + 1;
  }
  return { spec, documentCount: n, hashes, idf, columns: columnsOf(hashes) };
}

export function columnsOf(hashes: Uint32Array): Map<number, number> {
  const columns = new Map<number, number>();
  for (let c = 0; c < hashes.length; c++) columns.set(hashes[c] as number, c);
  return columns;
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
  const { columns, idf } = fitted;
  const sublinear = fitted.spec.sublinearTf;
  let at = 0;
  for (let i = 0; i < docs.length; i++) {
    const start = at;
    let norm = 0;
    for (const [h, count] of docs[i] as Map<number, number>) {
      const c = columns.get(h);
      if (c === undefined) continue;
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
