// Options of `prelabel predict`, parsed and checked before any work starts.
import { parseArgs } from 'node:util';
import type { ExportFormatName } from './write-output';
import type { MaskForm } from '../core/mapping';
import type { NodeBackend as CliBackend } from '../models/predictor/node-runtime';
import { parseShard, type Shard } from './shard';
import { SPEECH_TASKS, type SpeechOptions } from '../models/shared/speech-options';
import { GENERATION_LIMITS, type GenerationLimitKey } from '../models/shared/generation-limits';

export interface PredictArgs {
  config: string;
  tasks: string;
  model: string;
  out: string;
  labels?: string;
  /** Image heads: the backbone ONNX the head was trained on. */
  backbone?: string;
  family?: string;
  target?: string;
  /** Mask models: polygon outlines, brush RLE, or both (default: the config's first mask control). */
  maskForm?: MaskForm;
  conf?: number;
  iou?: number;
  maxDet?: number;
  map?: string;
  modelVersion?: string;
  format: ExportFormatName;
  /** Put before bare media file names in the output (tasks and annotations formats). */
  mediaPrefix?: string;
  backend: CliBackend;
  /** Label Studio as the source: config and tasks come from the project (config/tasks are then ''). */
  lsUrl?: string;
  lsToken?: string;
  project?: string;
  skipAnnotated?: boolean;
  /** Also predict tasks that already have a prediction of this model_version. */
  includePredicted?: boolean;
  /** `--shard i/N`: only this share of the tasks (stable split by task id). */
  shard?: Shard;
  /** Text generation: a prompt template with $field references (default: the task's text or dialogue). */
  prompt?: string;
  /** Text generation: token limit, sampling and stop strings. */
  generation?: GenerationArgs;
  /** Whisper: `--language`, `--speech-task` (the token limit is `generation.maxNewTokens`). */
  speech?: SpeechOptions;
}

export interface GenerationArgs {
  maxNewTokens?: number;
  strategy: 'greedy' | 'sample';
  seed?: number;
  topK?: number;
  topP?: number;
  temperature?: number;
  stop?: string[];
}

export class UsageError extends Error {}

/** A generation flag checked against the range the app's fields allow too. */
function limited(name: string, text: string | undefined, key: GenerationLimitKey) {
  const { min, max } = GENERATION_LIMITS[key];
  return number(name, text, min, max);
}

function number(name: string, text: string | undefined, min: number, max: number) {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

export function parsePredictArgs(argv: string[]): PredictArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      tasks: { type: 'string' },
      model: { type: 'string' },
      out: { type: 'string' },
      labels: { type: 'string' },
      backbone: { type: 'string' },
      family: { type: 'string' },
      target: { type: 'string' },
      'mask-form': { type: 'string' },
      conf: { type: 'string' },
      iou: { type: 'string' },
      'max-det': { type: 'string' },
      map: { type: 'string' },
      'model-version': { type: 'string' },
      format: { type: 'string', default: 'tasks' },
      'media-prefix': { type: 'string' },
      backend: { type: 'string', default: 'node' },
      'ls-url': { type: 'string' },
      'ls-token': { type: 'string' },
      project: { type: 'string' },
      'skip-annotated': { type: 'boolean', default: false },
      'include-predicted': { type: 'boolean', default: false },
      shard: { type: 'string' },
      ...GENERATION_OPTIONS,
      ...SPEECH_FLAGS,
    },
    strict: true,
  });
  const fromServer = values['ls-url'] !== undefined;
  if (fromServer && (values.config || values.tasks)) {
    throw new UsageError(
      '--ls-url takes the config and tasks from the project: leave out --config and --tasks',
    );
  }
  const required = fromServer
    ? (['model', 'out'] as const)
    : (['config', 'tasks', 'model', 'out'] as const);
  for (const name of required) {
    if (!values[name]) throw new UsageError(`--${name} is required`);
  }
  if (!['tasks', 'predictions', 'annotations'].includes(values.format)) {
    throw new UsageError(`--format must be tasks, predictions or annotations`);
  }
  if (values['media-prefix'] !== undefined && values.format === 'predictions') {
    throw new UsageError(
      '--media-prefix changes task data, which --format predictions does not write: leave one out',
    );
  }
  const maskForm = values['mask-form'];
  if (maskForm !== undefined && !['polygon', 'brush', 'both'].includes(maskForm)) {
    throw new UsageError(`--mask-form must be polygon, brush or both, got "${maskForm}"`);
  }
  if (values.backend !== 'node' && values.backend !== 'wasm') {
    throw new UsageError(`--backend must be node or wasm`);
  }
  let shard: Shard | undefined;
  try {
    shard = values.shard === undefined ? undefined : parseShard(values.shard);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    ...(shard ? { shard } : {}),
    config: values.config ?? '',
    tasks: values.tasks ?? '',
    model: values.model!,
    out: values.out!,
    labels: values.labels,
    ...(values.backbone ? { backbone: values.backbone } : {}),
    family: values.family,
    target: values.target,
    ...(maskForm ? { maskForm: maskForm as MaskForm } : {}),
    conf: number('conf', values.conf, 0, 1),
    iou: number('iou', values.iou, 0, 1),
    maxDet: number('max-det', values['max-det'], 1, 100_000),
    map: values.map,
    modelVersion: values['model-version'],
    format: values.format as ExportFormatName,
    mediaPrefix: values['media-prefix'],
    backend: values.backend,
    ...(fromServer
      ? {
          lsUrl: values['ls-url'],
          lsToken: values['ls-token'],
          project: values.project,
          skipAnnotated: values['skip-annotated'],
          includePredicted: values['include-predicted'],
        }
      : {}),
    ...generationArgs(values),
    ...speechArgs(values),
  };
}

/** Whisper's options, shared by `prelabel predict` and `prelabel serve`. */
export const SPEECH_FLAGS = {
  language: { type: 'string' },
  'speech-task': { type: 'string' },
} as const;

/** The flag that sets each speech option, for messages about its value. */
export const SPEECH_FLAG_OF: Record<string, string> = {
  language: '--language',
  task: '--speech-task',
};

/** `--language` and `--speech-task`, checked as far as no model is needed (its languages are its own). */
export function speechArgs(values: {
  language?: string | undefined;
  'speech-task'?: string | undefined;
}): Pick<PredictArgs, 'speech'> {
  const task = values['speech-task'];
  if (task !== undefined && !(SPEECH_TASKS as readonly string[]).includes(task)) {
    throw new UsageError(`--speech-task must be ${SPEECH_TASKS.join(' or ')}, got "${task}"`);
  }
  const language = values.language?.trim().toLowerCase();
  if (language === '') throw new UsageError('--language needs a language code (en, de…) or auto');
  if (language === undefined && task === undefined) return {};
  return {
    speech: {
      ...(language !== undefined ? { language } : {}),
      ...(task !== undefined ? { task: task as SpeechOptions['task'] } : {}),
    },
  };
}

/** The text-generation options `prelabel predict` and `prelabel serve` share. */
export const GENERATION_OPTIONS = {
  prompt: { type: 'string' },
  'max-tokens': { type: 'string' },
  sample: { type: 'boolean', default: false },
  seed: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  temperature: { type: 'string' },
  stop: { type: 'string', multiple: true },
} as const;

interface GenerationValues {
  prompt?: string | undefined;
  'max-tokens'?: string | undefined;
  sample?: boolean | undefined;
  seed?: string | undefined;
  'top-k'?: string | undefined;
  'top-p'?: string | undefined;
  temperature?: string | undefined;
  stop?: string[] | undefined;
}

/** `--prompt` and the sampling options, checked. */
export function generationArgs(
  values: GenerationValues,
): Pick<PredictArgs, 'prompt' | 'generation'> {
  return {
    ...(values.prompt !== undefined ? { prompt: values.prompt } : {}),
    generation: {
      strategy: values.sample ? 'sample' : 'greedy',
      maxNewTokens: limited('max-tokens', values['max-tokens'], 'maxNewTokens'),
      seed: limited('seed', values.seed, 'seed'),
      topK: limited('top-k', values['top-k'], 'topK'),
      topP: limited('top-p', values['top-p'], 'topP'),
      temperature: limited('temperature', values.temperature, 'temperature'),
      ...(values.stop ? { stop: values.stop.map((s) => s.replace(/\\n/g, '\n')) } : {}),
    },
  };
}
