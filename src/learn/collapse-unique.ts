// An exact shortcut for L2-regularised training on sparse rows: most n-gram
// columns occur in a single training row. For the columns only row i has,
// the gradient of the weights in any first-layer row is (something) · x_i
// restricted to them, plus λ·w, so the optimum has those weights parallel to
// x_i there. We therefore train with ONE column per row standing for them
// (value = the norm of x_i on those columns) and expand afterwards: the
// minimiser is the same, with far fewer parameters (for 800 e-mails with 1–3-
// grams: ~420k columns → ~100k).
import type { SparseRows } from './matrix';

export interface Collapsed {
  reduced: SparseRows;
  /** Turns parameters of the reduced problem into the full one's. */
  expand(params: Float64Array, firstLayerRows: number): Float64Array;
  /**
   * The reverse, for a warm start: a row's own column gets the projection of
   * the full weights on its single-row columns onto x_i there (exact when they
   * are parallel, as at an optimum). firstLayerRows = 0: nothing fits, undefined.
   */
  reduce(params: Float64Array, firstLayerRows: number): Float64Array | undefined;
}

export function collapseUniqueColumns(x: SparseRows): Collapsed {
  const df = new Int32Array(x.cols);
  for (let p = 0; p < x.indices.length; p++) {
    const j = x.indices[p] as number;
    df[j] = (df[j] as number) + 1;
  }
  const map = new Int32Array(x.cols).fill(-1);
  let kept = 0;
  for (let j = 0; j < x.cols; j++) if ((df[j] as number) > 1) map[j] = kept++;
  // Row i's own column, when it has unique columns: kept + rank among such rows.
  const ownColumn = new Int32Array(x.rows).fill(-1);
  const ownNorm = new Float64Array(x.rows);
  let own = 0;
  let nnz = 0;
  for (let i = 0; i < x.rows; i++) {
    let sq = 0;
    for (let p = x.indptr[i] as number; p < (x.indptr[i + 1] as number); p++) {
      if ((df[x.indices[p] as number] as number) > 1) nnz++;
      else sq += (x.values[p] as number) ** 2;
    }
    if (sq > 0) {
      ownColumn[i] = kept + own++;
      ownNorm[i] = Math.sqrt(sq);
      nnz++;
    }
  }
  const indptr = new Int32Array(x.rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let at = 0;
  for (let i = 0; i < x.rows; i++) {
    for (let p = x.indptr[i] as number; p < (x.indptr[i + 1] as number); p++) {
      const c = map[x.indices[p] as number] as number;
      if (c < 0) continue;
      indices[at] = c;
      values[at++] = x.values[p] as number;
    }
    if ((ownColumn[i] as number) >= 0) {
      indices[at] = ownColumn[i] as number;
      values[at++] = ownNorm[i] as number;
    }
    indptr[i + 1] = at;
  }
  const reducedCols = kept + own;
  const reduced: SparseRows = {
    kind: 'sparse',
    rows: x.rows,
    cols: reducedCols,
    indptr,
    indices,
    values,
  };

  const expand = (params: Float64Array, firstLayerRows: number): Float64Array => {
    const tail = params.length - firstLayerRows * reducedCols;
    const full = new Float64Array(firstLayerRows * x.cols + tail);
    for (let r = 0; r < firstLayerRows; r++) {
      const from = r * reducedCols;
      const to = r * x.cols;
      for (let j = 0; j < x.cols; j++) {
        const c = map[j] as number;
        if (c >= 0) full[to + j] = params[from + c] as number;
      }
      for (let i = 0; i < x.rows; i++) {
        const c = ownColumn[i] as number;
        if (c < 0) continue;
        const scale = (params[from + c] as number) / (ownNorm[i] as number);
        for (let p = x.indptr[i] as number; p < (x.indptr[i + 1] as number); p++) {
          const j = x.indices[p] as number;
          if ((df[j] as number) <= 1) full[to + j] = scale * (x.values[p] as number);
        }
      }
    }
    full.set(params.subarray(firstLayerRows * reducedCols), firstLayerRows * x.cols);
    return full;
  };
  const reduce = (params: Float64Array, firstLayerRows: number): Float64Array | undefined => {
    if (firstLayerRows === 0) return undefined;
    const tail = params.length - firstLayerRows * x.cols;
    const small = new Float64Array(firstLayerRows * reducedCols + tail);
    for (let r = 0; r < firstLayerRows; r++) {
      const from = r * x.cols;
      const to = r * reducedCols;
      for (let j = 0; j < x.cols; j++) {
        const c = map[j] as number;
        if (c >= 0) small[to + c] = params[from + j] as number;
      }
      for (let i = 0; i < x.rows; i++) {
        const c = ownColumn[i] as number;
        if (c < 0) continue;
        let along = 0;
        for (let p = x.indptr[i] as number; p < (x.indptr[i + 1] as number); p++) {
          const j = x.indices[p] as number;
          if ((df[j] as number) <= 1)
            along += (params[from + j] as number) * (x.values[p] as number);
        }
        small[to + c] = along / (ownNorm[i] as number);
      }
    }
    small.set(params.subarray(firstLayerRows * x.cols), firstLayerRows * reducedCols);
    return small;
  };
  return { reduced, expand, reduce };
}
