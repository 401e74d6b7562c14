// Bootstrapped committees of dense heads (image tasks' committee disagreement):
// n heads on a backbone's pooled features, each trained on a resample (with
// replacement) of the annotated images, as `trainTextCommittee` does for
// texts. The features are standardised once, on every annotated image, and
// the members share that standardiser (the text members share the full
// head's TF-IDF the same way).
import { bootstrapWeights, type CommitteeOptions } from './committee';
import {
  fitStandardizer,
  standardize,
  type DenseLabels,
  type Standardizer,
  type TrainDenseOptions,
} from './dense-classifier';
import { indexLabels } from './label-index';
import { predictRow, trainModel, type Model } from './model';

export interface DenseCommittee {
  labels: string[];
  standardizer: Standardizer;
  members: Model[];
  /** Examples it learnt from (those with a known label). */
  learnt: number;
}

export function trainDenseCommittee(
  features: readonly ArrayLike<number>[],
  labels: DenseLabels,
  options: TrainDenseOptions & CommitteeOptions = {},
): DenseCommittee {
  if (features.length !== labels.length) {
    throw new Error(`${features.length} feature vectors but ${labels.length} label entries`);
  }
  const multiple = options.multiple ?? false;
  const lists = labels.map((l) => (typeof l === 'string' ? [l] : [...l]));
  const set = indexLabels(lists, options.labels, multiple);
  if (set.kept.length === 0) {
    throw new Error(`no training example with a known label (${labels.length} given)`);
  }
  const kept = set.kept.map((i) => features[i] as ArrayLike<number>);
  const dimension = kept[0]?.length ?? 0;
  kept.forEach((f, i) => {
    if (f.length !== dimension) {
      throw new Error(`feature vector ${i + 1} has ${f.length} values, the first has ${dimension}`);
    }
  });
  const standardizer = fitStandardizer(kept, dimension);
  const x = standardize(kept, standardizer);
  const seed = options.seed ?? 0;
  const members: Model[] = [];
  for (let m = 0; m < (options.size ?? 5); m++) {
    const trained = trainModel(x, set.targets, {
      labelCount: set.labels.length,
      multiple,
      C: options.C ?? 10,
      hidden: options.hidden ?? 0,
      seed: seed + m + 1,
      sampleWeights: bootstrapWeights(set.targets.length, seed + 1000 * (m + 1)),
      ...(options.lbfgs ? { lbfgs: options.lbfgs } : {}),
    });
    members.push(trained.model);
  }
  return { labels: set.labels, standardizer, members, learnt: kept.length };
}

/** Each member's per-label probabilities for one feature vector (members × labels). */
export function denseCommitteeProbabilities(
  committee: DenseCommittee,
  features: ArrayLike<number>,
): number[][] {
  const dimension = committee.standardizer.mean.length;
  if (features.length !== dimension) {
    throw new Error(`the committee expects ${dimension} features, got ${features.length}`);
  }
  const x = standardize([features], committee.standardizer);
  return committee.members.map((m) => predictRow(m, x, 0));
}
