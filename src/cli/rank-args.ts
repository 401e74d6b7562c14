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
}

/** Strategies a predictions file alone can serve (the others need a learner's distributions). */
export const FILE_STRATEGIES: readonly Strategy[] = ['score', 'random'];

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
    },
    strict: true,
  });
  if (!values.predictions) throw new UsageError('--predictions is required');
  if (!values.out) throw new UsageError('--out is required');
  const strategy = values.strategy as Strategy;
  if (!STRATEGIES.includes(strategy)) {
    throw new UsageError(`--strategy must be one of ${STRATEGIES.join(', ')}`);
  }
  if (!FILE_STRATEGIES.includes(strategy)) {
    throw new UsageError(
      `--strategy ${strategy} needs each task's class distribution, which a predictions file does not hold; use ${FILE_STRATEGIES.join(' or ')} here, or rank in the app`,
    );
  }
  const k = values.k === undefined ? undefined : Number(values.k);
  if (k !== undefined && (!Number.isSafeInteger(k) || k < 1)) {
    throw new UsageError(`--k must be a positive whole number, got "${values.k}"`);
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
  };
}
