// Bootstrapped committees for active learning's committee disagreement: n
// heads, each trained on a resample (with replacement) of the annotations,
// sharing the full head's features. Disagreement is measured on their
// per-label probabilities.
import { deserializeModel, serializeModel, type SerializedModel, type TextHead } from './head';
import { trainModel, predictRow } from './model';
import { createRng } from './rng';
import { hashedCounts } from './hash-features';
import { transformTfidf } from './tfidf';
import {
  prepareText,
  textRuntime,
  trainTextClassifier,
  type TextExample,
  type TrainTextOptions,
} from './text-classifier';

export interface TextCommittee {
  /** The head trained on all annotations (its features are shared by the members). */
  head: TextHead;
  members: SerializedModel[];
}

export interface CommitteeOptions {
  /** Members; default 5. */
  size?: number;
}

/** Multiplicity of each of n examples in one bootstrap resample. */
export function bootstrapWeights(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const w = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = rng.int(0, n - 1);
    w[i] = (w[i] as number) + 1;
  }
  return w;
}

export function trainTextCommittee(
  examples: readonly TextExample[],
  options: TrainTextOptions & CommitteeOptions = {},
): TextCommittee {
  const head = trainTextClassifier(examples, options);
  const prepared = prepareText(examples, options);
  const x = transformTfidf(prepared.counts, textRuntime(head).tfidf);
  const seed = options.seed ?? 0;
  const members: SerializedModel[] = [];
  for (let m = 0; m < (options.size ?? 5); m++) {
    const trained = trainModel(x, prepared.targets, {
      labelCount: prepared.labels.length,
      multiple: prepared.multiple,
      C: options.C ?? 10,
      hidden: options.hidden ?? 0,
      seed: seed + m + 1,
      sampleWeights: bootstrapWeights(prepared.targets.length, seed + 1000 * (m + 1)),
      ...(options.lbfgs ? { lbfgs: options.lbfgs } : {}),
    });
    members.push(serializeModel(trained.model));
  }
  return { head, members };
}

/** Each member's per-label probabilities for one text (members × labels). */
export function committeeProbabilities(committee: TextCommittee, text: string): number[][] {
  const r = textRuntime(committee.head);
  const x = transformTfidf([hashedCounts(text, r.tfidf.spec)], r.tfidf);
  return committee.members.map((m) =>
    predictRow(deserializeModel(m, committee.head.labels.length), x, 0),
  );
}

export interface Disagreement {
  /** Entropy of the members' votes (their top labels), normalised to [0, 1]. */
  voteEntropy: number;
  /** Mean KL divergence of each member from the consensus (mean) distribution. */
  meanKl: number;
}

export function disagreement(probabilities: readonly (readonly number[])[]): Disagreement {
  const members = probabilities.length;
  const labels = probabilities[0]?.length ?? 0;
  if (members === 0 || labels === 0) return { voteEntropy: 0, meanKl: 0 };
  const votes = new Array<number>(labels).fill(0);
  const consensus = new Array<number>(labels).fill(0);
  for (const p of probabilities) {
    let best = 0;
    p.forEach((v, l) => {
      consensus[l] = (consensus[l] as number) + v / members;
      if (v > (p[best] as number)) best = l;
    });
    votes[best] = (votes[best] as number) + 1;
  }
  let entropy = 0;
  for (const v of votes) if (v > 0) entropy -= (v / members) * Math.log(v / members);
  let kl = 0;
  for (const p of probabilities) {
    p.forEach((v, l) => {
      if (v > 0) kl += (v * Math.log(v / Math.max(consensus[l] as number, 1e-12))) / members;
    });
  }
  const most = Math.log(Math.min(labels, members));
  return { voteEntropy: most > 0 ? entropy / most : 0, meanKl: kl };
}
