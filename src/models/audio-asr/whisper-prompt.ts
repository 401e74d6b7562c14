// The decoder prompt and token rules from a Whisper `generation_config.json`:
// <|startoftranscript|> <|lang|> <|task|> <|notimestamps|> (multilingual) or
// <|startoftranscript|> <|notimestamps|> (English-only models). Language
// `auto` leaves <|lang|> to the decoder: its most likely language token after
// <|startoftranscript|>, per 30 s window, as Whisper's own detection does.
// Timestamps are not decoded (always <|notimestamps|>).

import { OptionValueError } from '../shared/errors';

export interface WhisperGeneration {
  prompt: number[];
  eos: number;
  /** Never generated. */
  suppress: Set<number>;
  /** Not allowed as the first generated token (a space, end of text). */
  beginSuppress: Set<number>;
  /** Total tokens (prompt + generated) at most. */
  maxLength: number;
  /** Language `auto`: the language tokens to choose prompt[1] from, per window. */
  detectLanguage?: number[];
}

export interface WhisperTaskOptions {
  /** ISO code as in the config's lang_to_id (`en`, `de`…) or `auto`; default: English. */
  language?: string;
  /** `transcribe` (default) or `translate` (into English). */
  task?: string;
}

type Json = Record<string, unknown>;

function id(config: Json, key: string, name: string): number {
  const v = config[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw new Error(`${name}: "${key}" must be a token id, got ${JSON.stringify(v)}`);
  }
  return v;
}

const ids = (v: unknown): number[] =>
  Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];

export function whisperGeneration(
  config: Json,
  options: WhisperTaskOptions = {},
  name = 'generation_config.json',
): WhisperGeneration {
  const start = id(config, 'decoder_start_token_id', name);
  const eos = id(config, 'eos_token_id', name);
  const noTimestamps = id(config, 'no_timestamps_token_id', name);
  const prompt = [start];
  let detectLanguage: number[] | undefined;
  if (config.is_multilingual !== false) {
    const langs = (config.lang_to_id ?? {}) as Record<string, number>;
    const tasks = (config.task_to_id ?? {}) as Record<string, number>;
    const known = Object.keys(langs).map((k) => k.slice(2, -2));
    const language = options.language ?? 'en';
    const langId = language === 'auto' ? Object.values(langs)[0] : langs[`<|${language}|>`];
    if (langId === undefined) {
      throw new OptionValueError(
        'language',
        language,
        known.length ? [...known, 'auto'] : [],
        `not a language of this model (${name} lang_to_id)`,
      );
    }
    if (language === 'auto') detectLanguage = Object.values(langs);
    const task = options.task ?? 'transcribe';
    const taskId = tasks[task];
    if (taskId === undefined) {
      throw new OptionValueError(
        'task',
        task,
        Object.keys(tasks),
        `not a task of this model (${name} task_to_id)`,
      );
    }
    prompt.push(langId, taskId);
  } else {
    if (options.language !== undefined && options.language !== 'en') {
      throw new OptionValueError('language', options.language, ['en'], 'an English-only model');
    }
    if (options.task !== undefined && options.task !== 'transcribe') {
      throw new OptionValueError('task', options.task, ['transcribe'], 'an English-only model');
    }
  }
  prompt.push(noTimestamps);
  const maxLength = typeof config.max_length === 'number' ? config.max_length : 448;
  return {
    prompt,
    eos,
    suppress: new Set(ids(config.suppress_tokens)),
    beginSuppress: new Set(ids(config.begin_suppress_tokens)),
    maxLength,
    ...(detectLanguage ? { detectLanguage } : {}),
  };
}
