// Limited-memory BFGS on a smooth objective (hand-written: no maintained npm
// package offers it for Float64Array objectives). Two-loop recursion with a
// backtracking Armijo line search; stops like SciPy's L-BFGS-B on a small
// gradient or a negligible relative decrease.

export interface LbfgsOptions {
  maxIterations: number;
  /** Pairs of (step, gradient change) kept. */
  memory: number;
  /** Converged when every gradient component is at most this. */
  gradientTolerance: number;
  /** Converged when (f_old − f) / max(|f_old|, |f|, 1) falls below this. */
  relativeTolerance: number;
}

export const DEFAULT_LBFGS: LbfgsOptions = {
  maxIterations: 200,
  memory: 10,
  gradientTolerance: 1e-4,
  relativeTolerance: 2.2e-9,
};

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

/** f(x), writing ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}

export function minimizeLbfgs(
  objective: Objective,
  start: Float64Array,
  options: Partial<LbfgsOptions> = {},
): LbfgsResult {
  const o = { ...DEFAULT_LBFGS, ...options };
  const n = start.length;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let f = objective(x, g);
  // The (step, gradient change) pairs live in one preallocated ring: no
  // allocation per iteration (a 60k-parameter fit made ~1 MB of garbage each).
  const memory = Math.max(1, o.memory);
  const steps: Float64Array[] = Array.from({ length: memory }, () => new Float64Array(n));
  const changes: Float64Array[] = Array.from({ length: memory }, () => new Float64Array(n));
  const rhos = new Float64Array(memory);
  let stored = 0;
  let newest = -1; // ring slot of the newest pair
  const slot = (k: number) => (newest - stored + 1 + k + memory) % memory; // k-th oldest
  const direction = new Float64Array(n);
  const alphas = new Float64Array(memory);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  // The candidate pair is written here and swapped into the ring when kept.
  let sNext: Float64Array = new Float64Array(n);
  let yNext: Float64Array = new Float64Array(n);

  for (let iteration = 0; iteration < o.maxIterations; iteration++) {
    if (maxAbs(g) <= o.gradientTolerance)
      return { x, value: f, iterations: iteration, converged: true };

    // Two-loop recursion: direction = −H·g. Each update pass also takes the
    // next pair's dot product (same values, same order: half the passes).
    direction.set(g);
    let ahead = stored > 0 ? dot(steps[slot(stored - 1)] as Float64Array, direction) : 0;
    for (let k = stored - 1; k >= 0; k--) {
      const at = slot(k);
      const a = (rhos[at] as number) * ahead;
      alphas[k] = a;
      const y = changes[at] as Float64Array;
      const last = k === 0;
      const sNextDot = (last ? y : steps[slot(k - 1)]) as Float64Array;
      let acc = 0;
      for (let i = 0; i < n; i++) {
        const d = (direction[i] as number) - a * (y[i] as number);
        direction[i] = d;
        acc += (sNextDot[i] as number) * d;
      }
      ahead = acc;
    }
    if (stored > 0) {
      const y = changes[newest] as Float64Array;
      const gamma = dot(steps[newest] as Float64Array, y) / dot(y, y);
      let acc = 0;
      const y0 = changes[slot(0)] as Float64Array;
      for (let i = 0; i < n; i++) {
        const d = (direction[i] as number) * gamma;
        direction[i] = d;
        acc += (y0[i] as number) * d;
      }
      ahead = acc;
    }
    for (let k = 0; k < stored; k++) {
      const at = slot(k);
      const beta = (rhos[at] as number) * ahead;
      const s = steps[at] as Float64Array;
      const a = alphas[k] as number;
      const yNextDot = (k + 1 < stored ? changes[slot(k + 1)] : s) as Float64Array;
      let acc = 0;
      for (let i = 0; i < n; i++) {
        const d = (direction[i] as number) + (a - beta) * (s[i] as number);
        direction[i] = d;
        acc += (yNextDot[i] as number) * d;
      }
      ahead = acc;
    }
    for (let i = 0; i < n; i++) direction[i] = -(direction[i] as number);

    let slope = dot(g, direction);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      stored = 0;
      for (let i = 0; i < n; i++) direction[i] = -(g[i] as number);
      slope = dot(g, direction);
    }

    // Backtracking line search (Armijo); the first step is scaled to unit length.
    const scaledStart = stored === 0;
    let step = scaledStart ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let fNew = Infinity;
    let accepted = false;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = (x[i] as number) + step * (direction[i] as number);
      fNew = objective(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) return { x, value: f, iterations: iteration, converged: false };

    const s = sNext;
    const y = yNext;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const si = (xNew[i] as number) - (x[i] as number);
      const yi = (gNew[i] as number) - (g[i] as number);
      s[i] = si;
      y[i] = yi;
      sy += si * yi;
    }
    if (sy > 1e-12) {
      // Into the next ring slot (the oldest pair's, once the ring is full).
      const next = (newest + 1) % memory;
      sNext = steps[next] as Float64Array;
      yNext = changes[next] as Float64Array;
      steps[next] = s;
      changes[next] = y;
      newest = next;
      rhos[next] = 1 / sy;
      if (stored < memory) stored++;
    }
    const decrease = (f - fNew) / Math.max(Math.abs(f), Math.abs(fNew), 1);
    const swapX = x;
    x = xNew;
    xNew = swapX;
    const swapG = g;
    g = gNew;
    gNew = swapG;
    f = fNew;
    // A scaled first step can decrease f by little far from the optimum (a
    // warm start after one new example): judge convergence from full steps.
    if (decrease <= o.relativeTolerance && !scaledStart) {
      return { x, value: f, iterations: iteration + 1, converged: true };
    }
  }
  return { x, value: f, iterations: o.maxIterations, converged: maxAbs(g) <= o.gradientTolerance };
}
