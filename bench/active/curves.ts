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
  /** Per seed (null: not within the budget). */
  perSeed: (number | null)[];
}

/** Per seed: its curve and its own target (e.g. 95 % of that seed's all-labels accuracy). */
export function labelsNeeded(
  runs: readonly { curve: CurvePoint[]; target: number }[],
): LabelsNeeded {
  const perSeed = runs.map((r) => labelsToReach(r.curve, r.target));
  const hits = perSeed.filter((n): n is number => n !== null);
  return {
    mean: hits.length ? hits.reduce((a, b) => a + b, 0) / hits.length : null,
    reached: hits.length,
    seeds: runs.length,
    perSeed,
  };
}

/** Mean labels needed, a seed that missed the target counted as the budget (so a lower bound). */
const censoredMean = (n: LabelsNeeded, budget: number) =>
  n.perSeed.reduce<number>((a, b) => a + (b ?? budget), 0) / n.perSeed.length;

export interface Ratio {
  /** A strategy's labels needed over random's. */
  ratio: number;
  /** `at most` when random missed the target on some seed, `at least` when the strategy did. */
  bound: 'exact' | 'at most' | 'at least';
}

/** Labels a strategy needs relative to random's; null when neither reached the target everywhere. */
export function relativeToRandom(
  strategy: LabelsNeeded,
  random: LabelsNeeded,
  budget: number,
): Ratio | null {
  const sAll = strategy.reached === strategy.seeds;
  const rAll = random.reached === random.seeds;
  if (!sAll && !rAll) return null;
  const ratio = censoredMean(strategy, budget) / censoredMean(random, budget);
  return { ratio, bound: sAll && rAll ? 'exact' : sAll ? 'at most' : 'at least' };
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
