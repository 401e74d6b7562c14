// Accuracy and macro-F1 of predicted label sets against the true ones.

/** Single label: the most probable; multiple: every label at 0.5 or more. */
export function decide(probabilities: readonly number[], multiple: boolean): number[] {
  if (multiple) return probabilities.flatMap((p, l) => (p >= 0.5 ? [l] : []));
  let best = 0;
  probabilities.forEach((p, l) => {
    if (p > (probabilities[best] as number)) best = l;
  });
  return probabilities.length ? [best] : [];
}

export interface Scores {
  /** Share of examples whose predicted label set equals the true one. */
  accuracy: number;
  /** Mean F1 over the labels present in the truth or the predictions (as scikit-learn). */
  macroF1: number;
}

export function scoreSets(truth: readonly number[][], predicted: readonly number[][]): Scores {
  const tp = new Map<number, number>();
  const fp = new Map<number, number>();
  const fn = new Map<number, number>();
  const bump = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
  let exact = 0;
  truth.forEach((t, i) => {
    const want = new Set(t);
    const got = new Set(predicted[i] ?? []);
    if (want.size === got.size && [...want].every((l) => got.has(l))) exact++;
    for (const l of got) bump(want.has(l) ? tp : fp, l);
    for (const l of want) if (!got.has(l)) bump(fn, l);
  });
  const labels = new Set([...tp.keys(), ...fp.keys(), ...fn.keys()]);
  let f1Sum = 0;
  for (const l of labels) {
    const t = tp.get(l) ?? 0;
    const denom = 2 * t + (fp.get(l) ?? 0) + (fn.get(l) ?? 0);
    f1Sum += denom === 0 ? 0 : (2 * t) / denom;
  }
  return {
    accuracy: truth.length ? exact / truth.length : 0,
    macroF1: labels.size ? f1Sum / labels.size : 0,
  };
}
