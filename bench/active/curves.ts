// Learning curves of the active-learning bench: accuracy after each batch,
// averaged over seeds, and "labels needed to reach X" read off them.

export interface CurvePoint {
  labels: number;
  accuracy: number;
}

/** The first label count whose accuracy reaches `target`; null if the curve never does. */
export function labelsToReach(curve: readonly CurvePoint[], target: number): number | null {
  for (const p of curve) if (p.accuracy >= target) return p.labels;
  return null;
}

export interface LabelsNeeded {
  /** Mean over the seeds that reached the target (null: none did). */
  mean: number | null;
  reached: number;
  seeds: number;
}

/** Per seed: its curve and its own target (e.g. 95 % of that seed's all-labels accuracy). */
export function labelsNeeded(
  runs: readonly { curve: CurvePoint[]; target: number }[],
): LabelsNeeded {
  const hits = runs
    .map((r) => labelsToReach(r.curve, r.target))
    .filter((n): n is number => n !== null);
  return {
    mean: hits.length ? hits.reduce((a, b) => a + b, 0) / hits.length : null,
    reached: hits.length,
    seeds: runs.length,
  };
}

/** Mean accuracy at each label count that every curve has. */
export function meanCurve(curves: readonly (readonly CurvePoint[])[]): CurvePoint[] {
  if (curves.length === 0) return [];
  const sums = new Map<number, { sum: number; n: number }>();
  for (const c of curves) {
    for (const p of c) {
      const s = sums.get(p.labels) ?? { sum: 0, n: 0 };
      s.sum += p.accuracy;
      s.n++;
      sums.set(p.labels, s);
    }
  }
  return [...sums]
    .filter(([, s]) => s.n === curves.length)
    .map(([labels, s]) => ({ labels, accuracy: s.sum / s.n }))
    .sort((a, b) => a.labels - b.labels);
}
