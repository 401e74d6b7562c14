// Query by committee: several heads trained on bootstrap resamples predict the
// same task; the more their distributions disagree, the more a label teaches.
import { entropyOf, normalised } from './certainty';

/**
 * Agreement of a committee in [0, 1] (1 = all members give the same
 * distribution): 1 − JS divergence / log K, the generalised Jensen–Shannon
 * divergence being the entropy of the mean distribution minus the mean of the
 * members' entropies (McCallum & Nigam's "KL to the mean" summed the same way).
 */
export function committeeAgreement(members: readonly (readonly number[])[]): number {
  const k = members[0]?.length ?? 0;
  if (members.length < 2 || k <= 1) return 1;
  const dists = members.map(normalised);
  const mean = new Array<number>(k).fill(0);
  for (const d of dists) for (let i = 0; i < k; i++) mean[i]! += (d[i] ?? 0) / dists.length;
  const meanEntropy = dists.reduce((a, d) => a + entropyOf(d), 0) / dists.length;
  const js = Math.max(0, entropyOf(mean) - meanEntropy);
  return Math.min(1, Math.max(0, 1 - js / Math.log(k)));
}
