// The design matrices the learners train on: sparse rows (CSR, text) or dense
// rows (image features), both read through the same two loops.

export interface SparseRows {
  kind: 'sparse';
  rows: number;
  cols: number;
  /** Row i's entries are at [indptr[i], indptr[i+1]). */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

export interface DenseRows {
  kind: 'dense';
  rows: number;
  cols: number;
  /** Row-major, rows × cols. */
  data: Float32Array;
}

export type Rows = SparseRows | DenseRows;

/** x_i · w[offset .. offset+cols) */
export function rowDot(x: Rows, i: number, w: Float64Array, offset: number): number {
  let sum = 0;
  if (x.kind === 'sparse') {
    const end = x.indptr[i + 1] as number;
    for (let p = x.indptr[i] as number; p < end; p++) {
      sum += (x.values[p] as number) * (w[offset + (x.indices[p] as number)] as number);
    }
  } else {
    const base = i * x.cols;
    for (let j = 0; j < x.cols; j++) {
      sum += (x.data[base + j] as number) * (w[offset + j] as number);
    }
  }
  return sum;
}

/** g[offset .. offset+cols) += alpha · x_i */
export function rowAxpy(x: Rows, i: number, alpha: number, g: Float64Array, offset: number): void {
  if (alpha === 0) return;
  if (x.kind === 'sparse') {
    const end = x.indptr[i + 1] as number;
    for (let p = x.indptr[i] as number; p < end; p++) {
      const j = offset + (x.indices[p] as number);
      g[j] = (g[j] as number) + alpha * (x.values[p] as number);
    }
  } else {
    const base = i * x.cols;
    for (let j = 0; j < x.cols; j++) {
      g[offset + j] = (g[offset + j] as number) + alpha * (x.data[base + j] as number);
    }
  }
}

/** The rows at `pick` (repeats allowed), as a new matrix of the same kind. */
export function selectRows(x: Rows, pick: readonly number[]): Rows {
  if (x.kind === 'dense') {
    const data = new Float32Array(pick.length * x.cols);
    pick.forEach((r, k) => data.set(x.data.subarray(r * x.cols, (r + 1) * x.cols), k * x.cols));
    return { kind: 'dense', rows: pick.length, cols: x.cols, data };
  }
  let nnz = 0;
  for (const r of pick) nnz += (x.indptr[r + 1] as number) - (x.indptr[r] as number);
  const indptr = new Int32Array(pick.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let at = 0;
  pick.forEach((r, k) => {
    const start = x.indptr[r] as number;
    const end = x.indptr[r + 1] as number;
    indices.set(x.indices.subarray(start, end), at);
    values.set(x.values.subarray(start, end), at);
    at += end - start;
    indptr[k + 1] = at;
  });
  return { kind: 'sparse', rows: pick.length, cols: x.cols, indptr, indices, values };
}
