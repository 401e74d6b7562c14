// Options that point the CLI at a Label Studio server, and those of `prelabel push`.
// The token may come from LABEL_STUDIO_API_KEY (better: it stays out of the
// shell history and `ps`); it is never printed.
import { parseArgs } from 'node:util';
import { UsageError } from './predict-args';

export interface LsConnectionArgs {
  lsUrl: string;
  lsToken: string;
  project: number;
}

export const LS_OPTIONS = {
  'ls-url': { type: 'string' },
  'ls-token': { type: 'string' },
  project: { type: 'string' },
} as const;

export const TOKEN_ENV = 'LABEL_STUDIO_API_KEY';

export function lsConnectionArgs(
  values: { 'ls-url'?: string; 'ls-token'?: string; project?: string },
  env: NodeJS.ProcessEnv = process.env,
): LsConnectionArgs {
  if (!values['ls-url']) throw new UsageError('--ls-url is required');
  const token = values['ls-token'] || env[TOKEN_ENV];
  if (!token)
    throw new UsageError(`--ls-token (or the environment variable ${TOKEN_ENV}) is required`);
  const project = Number(values.project);
  if (!values.project || !Number.isSafeInteger(project) || project < 1) {
    throw new UsageError('--project must be a Label Studio project id (a positive integer)');
  }
  return { lsUrl: values['ls-url'], lsToken: token.trim(), project };
}

export interface PushArgs extends LsConnectionArgs {
  predictions: string;
  dryRun: boolean;
  concurrency: number;
  batchSize: number;
  /** Where local images named in the tasks are looked up (default: the predictions file's folder). */
  mediaDir?: string;
  /** Which prediction of a task to push when it has several (default: the last, i.e. ours). */
  modelVersion?: string;
  /** Write the JSON report here. */
  report?: string;
  /** Send even to tasks that already have a prediction of this model_version. */
  includePredicted: boolean;
}

function intOption(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${text}"`);
  }
  return value;
}

export function parsePushArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): PushArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...LS_OPTIONS,
      predictions: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      concurrency: { type: 'string' },
      'batch-size': { type: 'string' },
      'media-dir': { type: 'string' },
      'model-version': { type: 'string' },
      report: { type: 'string' },
      'include-predicted': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.predictions) throw new UsageError('--predictions is required');
  return {
    ...lsConnectionArgs(values, env),
    predictions: values.predictions,
    dryRun: values['dry-run'],
    concurrency: intOption('concurrency', values.concurrency, 4, 32),
    batchSize: intOption('batch-size', values['batch-size'], 100, 5000),
    mediaDir: values['media-dir'],
    modelVersion: values['model-version'],
    report: values.report,
    includePredicted: values['include-predicted'],
  };
}
