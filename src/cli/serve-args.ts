// Options of `prelabel serve`, parsed and checked before the server starts.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseBasicAuth } from '../server/basic-auth';
import { LOG_LEVELS, type LogLevel } from '../server/logger';
import type { ServeModelOptions } from '../server/model-adapter';
import type { BasicCredentials } from '../server/basic-auth';
import {
  generationArgs,
  GENERATION_OPTIONS,
  SPEECH_FLAGS,
  speechArgs,
  UsageError,
} from './predict-args';

export interface ServeArgs {
  model?: ServeModelOptions;
  /**
   * An ImageNet classifier: the image learner's backbone for <Choices> on
   * <Image> projects the model reads nothing of (and an image head's backbone).
   */
  backbone?: string;
  host: string;
  port: number;
  stateDir: string;
  basicAuth?: BasicCredentials;
  webhookOpen: boolean;
  logLevel: LogLevel;
}

function number(name: string, text: string | undefined, min: number, max: number) {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** `--prompt` and the sampling options, only when given (image models have none). */
function textGeneration(values: Parameters<typeof generationArgs>[0]) {
  const { prompt, generation } = generationArgs(values);
  const given = Object.entries(generation ?? {}).some(
    ([key, value]) => value !== undefined && !(key === 'strategy' && value === 'greedy'),
  );
  return { ...(prompt !== undefined ? { prompt } : {}), ...(given ? { generation } : {}) };
}

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      labels: { type: 'string' },
      backbone: { type: 'string' },
      family: { type: 'string' },
      target: { type: 'string' },
      conf: { type: 'string' },
      iou: { type: 'string' },
      'max-det': { type: 'string' },
      map: { type: 'string' },
      'model-version': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '9090' },
      'state-dir': { type: 'string', default: '.prelabel-serve' },
      'basic-auth': { type: 'string' },
      'webhook-open': { type: 'boolean', default: false },
      'log-level': { type: 'string', default: 'info' },
      ...GENERATION_OPTIONS,
      ...SPEECH_FLAGS,
    },
    strict: true,
  });
  for (const name of [
    'labels',
    'family',
    'target',
    'map',
    'model-version',
    'prompt',
    'max-tokens',
    'seed',
    'top-k',
    'top-p',
    'temperature',
    'stop',
    'language',
    'speech-task',
  ] as const) {
    if (values[name] !== undefined && !values.model) {
      throw new UsageError(`--${name} needs --model`);
    }
  }
  if (!(LOG_LEVELS as readonly string[]).includes(values['log-level'])) {
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
  }
  let basicAuth: BasicCredentials | undefined;
  const auth = values['basic-auth'] ?? env.PRELABEL_BASIC_AUTH;
  if (auth !== undefined) {
    try {
      basicAuth = parseBasicAuth(auth);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  if (values['webhook-open'] && !basicAuth) {
    throw new UsageError('--webhook-open only makes sense with --basic-auth');
  }
  const model: ServeModelOptions | undefined = values.model
    ? {
        model: values.model,
        labels: values.labels,
        family: values.family,
        target: values.target,
        conf: number('conf', values.conf, 0, 1),
        iou: number('iou', values.iou, 0, 1),
        maxDet: number('max-det', values['max-det'], 1, 100_000),
        map: values.map,
        modelVersion: values['model-version'],
        ...(values.backbone !== undefined ? { backbone: values.backbone } : {}),
        ...textGeneration(values),
        ...speechArgs(values),
      }
    : undefined;
  return {
    ...(model ? { model } : {}),
    ...(values.backbone !== undefined ? { backbone: values.backbone } : {}),
    host: values.host,
    port: number('port', values.port, 0, 65_535)!,
    stateDir: resolve(values['state-dir']),
    ...(basicAuth ? { basicAuth } : {}),
    webhookOpen: values['webhook-open'],
    logLevel: values['log-level'] as LogLevel,
  };
}
