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
  hashes.forEach((h, c) => (idf[c] = Math.log((1 + n) / (1 + (df.get(h) as number))) + 1));
  return { spec, documentCount: n, hashes, idf, columns: columnsOf(hashes) };
}

export function columnsOf(hashes: Uint32Array): Map<number, number> {
  return new Map(Array.from(hashes, (h, c) => [h, c]));
}

export function transformTfidf(
  docs: readonly Map<number, number>[],
  fitted: FittedTfidf,
): SparseRows {
  const indptr = new Int32Array(docs.length + 1);
  const indices: number[] = [];
  const values: number[] = [];
  docs.forEach((counts, i) => {
    const start = indices.length;
    let norm = 0;
    for (const [h, count] of counts) {
      const c = fitted.columns.get(h);
      if (c === undefined) continue;
      const tf = fitted.spec.sublinearTf ? 1 + Math.log(count) : count;
      const v = tf * (fitted.idf[c] as number);
      indices.push(c);
      values.push(v);
      norm += v * v;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let p = start; p < values.length; p++) values[p] = (values[p] as number) * scale;
    indptr[i + 1] = indices.length;
  });
  return {
    kind: 'sparse',
    rows: docs.length,
    cols: fitted.hashes.length,
    indptr,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
}
