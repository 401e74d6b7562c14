// Feature vectors for the diversity strategies: dense (image embeddings) or
// sparse with sorted indices (hashed TF-IDF of texts, 2^18 columns).

export interface SparseVector {
  indices: ArrayLike<number>;
  values: ArrayLike<number>;
}

export type Vector = ArrayLike<number> | SparseVector;

export function isSparse(v: Vector): v is SparseVector {
  return (v as SparseVector).indices !== undefined;
}

function denseDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    s += d * d;
  }
  return s;
}

/** Merge walk over two sorted index lists. */
function sparseDistance(a: SparseVector, b: SparseVector): number {
  let s = 0;
  let i = 0;
  let j = 0;
  while (i < a.indices.length || j < b.indices.length) {
    const ai = i < a.indices.length ? (a.indices[i] as number) : Infinity;
    const bj = j < b.indices.length ? (b.indices[j] as number) : Infinity;
    let d: number;
    if (ai === bj) d = (a.values[i++] as number) - (b.values[j++] as number);
    else if (ai < bj) d = a.values[i++] as number;
    else d = b.values[j++] as number;
    s += d * d;
  }
  return s;
}

export function vectorLength(v: Vector): number {
  return isSparse(v) ? v.indices.length : v.length;
}

export function squaredDistance(a: Vector, b: Vector): number {
  if (isSparse(a) && isSparse(b)) return sparseDistance(a, b);
  if (!isSparse(a) && !isSparse(b)) return denseDistance(a, b);
  throw new TypeError('cannot compare a sparse with a dense feature vector');
}
