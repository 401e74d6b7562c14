// Cluster-margin batches (after Citovsky et al. 2021, "Batch Active Learning
// at Scale"): the `poolFactor × k` tasks with the smallest margin between the
// two likeliest classes are clustered (k-means into k clusters, where the
// paper runs agglomerative clustering once), then taken round-robin from the
// clusters, smallest cluster first and each cluster's least certain member
// first (the paper draws at random within a cluster). A big batch so gets
// uncertain tasks that are not near-copies of each other: margin alone fills
// a batch of 50 from one confused corner, k-center alone chases outliers.
import { kMeans } from './k-means';
import { createRng } from '../random/rng';
import type { Vector } from './vectors';

export interface MarginCandidate {
  /** Position in the least-certain-first order (0 = least certain). */
  order: number;
  features: Vector;
}

export interface ClusterMarginPick {
  /** Index into the candidates. */
  index: number;
  cluster: number;
  /** Candidates in the pick's cluster. */
  clusterSize: number;
}

/** Candidate multiple when none is given: see README "Active learning: what it saves". */
export const CLUSTER_MARGIN_POOL_FACTOR = 2;

/** `k` of `candidates` (ordered least certain first), round-robin over k-means clusters. */
export function clusterMarginPicks(
  candidates: readonly MarginCandidate[],
  k: number,
  seed: number,
): ClusterMarginPick[] {
  if (candidates.length <= k) {
    return candidates.map((_, index) => ({ index, cluster: index, clusterSize: 1 }));
  }
  const assignment = kMeans(
    candidates.map((c) => c.features),
    k,
    createRng(seed),
  );
  const groups = new Map<number, number[]>();
  assignment.forEach((cluster, index) => {
    const group = groups.get(cluster);
    if (group) group.push(index);
    else groups.set(cluster, [index]);
  });
  const byDoubt = (a: number, b: number) => candidates[a]!.order - candidates[b]!.order;
  // Smallest first; equal sizes by their least certain member.
  const clusters = [...groups.entries()]
    .map(([cluster, members]) => ({ cluster, members: members.sort(byDoubt) }))
    .sort((a, b) => a.members.length - b.members.length || byDoubt(a.members[0]!, b.members[0]!));
  const picks: ClusterMarginPick[] = [];
  for (let round = 0; picks.length < k; round++) {
    for (const { cluster, members } of clusters) {
      const index = members[round];
      if (index === undefined) continue;
      picks.push({ index, cluster, clusterSize: members.length });
      if (picks.length === k) break;
    }
  }
  return picks;
}
