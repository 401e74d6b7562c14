// Options of `prelabel rank`.
import { parseArgs } from 'node:util';
import { STRATEGIES, type Strategy } from '../core/active';
import { UsageError } from './predict-args';

export interface RankArgs {
  predictions: string;
  out: string;
  strategy: Strategy;
  k?: number;
  seed: number;
  modelVersion?: string;
  /** Also write the predictions with scores in the ranked order (for Label Studio's sort). */
  rescore?: string;
  /** Feature vectors per task: a JSON file [{task, features}]… */
  features?: string;
  /** …or a backbone .onnx run over the tasks' images. */
  backbone?: string;
  /** The data key holding each task's image (default: image, else the first string). */
  dataKey?: string;
  /** Give each prediction a `cluster` id of this many k-means++ clusters of the features. */
  clusters?: number;
  /** Committee: the labeling config and the annotated export its heads learn from. */
  config?: string;
  annotations?: string;
  /** Committee members (default 5). */
  committee?: number;
}

/** Strategies a predictions file alone can serve (the others need a learner's distributions). */
export const FILE_STRATEGIES: readonly Strategy[] = ['score', 'random'];
/** …and with feature vectors (--features or --backbone); `committee` with --config and --annotations. */
export const FEATURE_STRATEGIES: readonly Strategy[] = [
  ...FILE_STRATEGIES,
  'diversity',
  'cluster-margin',
];
/** Strategies that pick a batch by distances between feature vectors. */
export const BATCH_STRATEGIES: readonly Strategy[] = ['diversity', 'cluster-margin'];

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`--${name} must be a positive whole number, got "${value}"`);
  }
  return n;
}

export function parseRankArgs(argv: string[]): RankArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      predictions: { type: 'string' },
      out: { type: 'string' },
      strategy: { type: 'string', default: 'score' },
      k: { type: 'string' },
      seed: { type: 'string', default: '0' },
      'model-version': { type: 'string' },
      rescore: { type: 'string' },
      features: { type: 'string' },
      backbone: { type: 'string' },
      'data-key': { type: 'string' },
      clusters: { type: 'string' },
      config: { type: 'string' },
      annotations: { type: 'string' },
      committee: { type: 'string' },
    },
    strict: true,
  });
  if (!values.predictions) throw new UsageError('--predictions is required');
  if (!values.out) throw new UsageError('--out is required');
  const strategy = values.strategy as Strategy;
  if (!STRATEGIES.includes(strategy)) {
    throw new UsageError(`--strategy must be one of ${STRATEGIES.join(', ')}`);
  }
  if (values.features && values.backbone) {
    throw new UsageError('give --features or --backbone, not both');
  }
  const haveFeatures = Boolean(values.features || values.backbone);
  if (BATCH_STRATEGIES.includes(strategy) && !haveFeatures) {
    throw new UsageError(
      `--strategy ${strategy} needs feature vectors: --features F.json ([{"task": id, "features": [...]}]) or --backbone M.onnx (image tasks)`,
    );
  }
  if (strategy === 'committee' && !(values.config && values.annotations)) {
    throw new UsageError(
      '--strategy committee trains bootstrapped heads on the annotations: give --config C.xml and --annotations export.json (annotated tasks), and tasks with their text (or, with --backbone M.onnx, their images) in --predictions',
    );
  }
  if (strategy !== 'committee' && !FEATURE_STRATEGIES.includes(strategy)) {
    throw new UsageError(
      `--strategy ${strategy} needs each task's class distribution, which a predictions file does not hold; use ${FEATURE_STRATEGIES.join(', ')} or committee here, or rank in the app's Label next`,
    );
  }
  const k = positive('k', values.k);
  const clusters = positive('clusters', values.clusters);
  const committee = positive('committee', values.committee);
  if (committee !== undefined && committee < 2) {
    throw new UsageError('--committee must be at least 2 (disagreement needs two heads)');
  }
  if (clusters !== undefined && !haveFeatures) {
    throw new UsageError(
      '--clusters needs feature vectors: --features F.json or --backbone M.onnx',
    );
  }
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number`);
  return {
    predictions: values.predictions,
    out: values.out,
    strategy,
    ...(k !== undefined ? { k } : {}),
    seed,
    ...(values['model-version'] ? { modelVersion: values['model-version'] } : {}),
    ...(values.rescore ? { rescore: values.rescore } : {}),
    ...(values.features ? { features: values.features } : {}),
    ...(values.backbone ? { backbone: values.backbone } : {}),
    ...(values['data-key'] ? { dataKey: values['data-key'] } : {}),
    ...(clusters !== undefined ? { clusters } : {}),
    ...(strategy === 'committee'
      ? { config: values.config!, annotations: values.annotations!, committee: committee ?? 5 }
      : {}),
  };
}
