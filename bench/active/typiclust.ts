// Bench only: TypiClust (Hacohen, Dekel & Weinshall 2022, "Active Learning on
// a Budget: Opposite Strategies Suit High and Low Budgets"), a cold-start
// strategy that ignores the model: k-means of the whole pool (labelled and
// not) into |labelled| + batch clusters; each pick comes from the cluster
// with the fewest labels (the largest first among equals, clusters under 5
// skipped as in the paper) and is its most typical member: the inverse of the
// mean distance to its 20 nearest neighbours within the cluster.
import { kMeans } from '../../src/core/active/k-means';
import { squaredDistance, type Vector } from '../../src/core/active/vectors';
import type { Rng } from '../../src/core/random/rng';

const NEIGHBOURS = 20;
const MIN_CLUSTER = 5;

function typicality(members: readonly number[], points: readonly Vector[]): Map<number, number> {
  const out = new Map<number, number>();
  const k = Math.min(NEIGHBOURS, members.length - 1);
  for (const i of members) {
    const d = members
      .filter((j) => j !== i)
      .map((j) => Math.sqrt(squaredDistance(points[i]!, points[j]!)))
      .sort((a, b) => a - b)
      .slice(0, k);
    const mean = d.reduce((a, b) => a + b, 0) / Math.max(1, d.length);
    out.set(i, 1 / (mean + 1e-12));
  }
  return out;
}

/** Indices (into `points`) of `k` picks among those not `labelled`. */
export function typiclustPicks(
  points: readonly Vector[],
  labelled: ReadonlySet<number>,
  k: number,
  random: Rng,
  maxClusters = 500,
): number[] {
  const clusters = Math.min(points.length, labelled.size + k, maxClusters);
  const assignment = kMeans(points, clusters, random, 10);
  const groups = new Map<number, number[]>();
  assignment.forEach((c, i) => groups.set(c, [...(groups.get(c) ?? []), i]));
  const state = [...groups.values()].map((members) => ({
    members,
    labels: members.filter((i) => labelled.has(i)).length,
    typical: null as Map<number, number> | null,
  }));
  const taken = new Set(labelled);
  const picks: number[] = [];
  while (picks.length < k) {
    const open = state.filter((s) => s.members.some((i) => !taken.has(i)));
    if (open.length === 0) break;
    const big = open.filter((s) => s.members.length >= MIN_CLUSTER);
    const from = (big.length > 0 ? big : open).sort(
      (a, b) => a.labels - b.labels || b.members.length - a.members.length,
    )[0]!;
    from.typical ??= typicality(from.members, points);
    let best = -1;
    for (const i of from.members) {
      if (taken.has(i)) continue;
      if (best < 0 || from.typical.get(i)! > from.typical.get(best)!) best = i;
    }
    picks.push(best);
    taken.add(best);
    from.labels++;
  }
  return picks;
}
