// The decoder prompt and token rules from a Whisper `generation_config.json`:
// <|startoftranscript|> <|lang|> <|task|> <|notimestamps|> (multilingual) or
// <|startoftranscript|> <|notimestamps|> (English-only models).

export interface WhisperGeneration {
  prompt: number[];
  eos: number;
  /** Never generated. */
  suppress: Set<number>;
  /** Not allowed as the first generated token (a space, end of text). */
  beginSuppress: Set<number>;
  /** Total tokens (prompt + generated) at most. */
  maxLength: number;
}

export interface WhisperTaskOptions {
  /** ISO code as in the config's lang_to_id (`en`, `de`…); default: English. */
  language?: string;
  task?: 'transcribe' | 'translate';
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
  if (config.is_multilingual !== false) {
    const langs = (config.lang_to_id ?? {}) as Record<string, number>;
    const tasks = (config.task_to_id ?? {}) as Record<string, number>;
    const language = options.language ?? 'en';
    const langId = langs[`<|${language}|>`];
    if (langId === undefined) {
      const known = Object.keys(langs).map((k) => k.slice(2, -2));
      throw new Error(
        `${name}: unknown language "${language}" (known: ${known.slice(0, 12).join(', ')}…)`,
      );
    }
    const task = options.task ?? 'transcribe';
    const taskId = tasks[task];
    if (taskId === undefined) throw new Error(`${name}: unknown task "${task}"`);
    prompt.push(langId, taskId);
  } else if (options.language && options.language !== 'en') {
    throw new Error(
      `${name}: this is an English-only model; language "${options.language}" is not available`,
    );
  }
  prompt.push(noTimestamps);
  const maxLength = typeof config.max_length === 'number' ? config.max_length : 448;
  return {
    prompt,
    eos,
    suppress: new Set(ids(config.suppress_tokens)),
    beginSuppress: new Set(ids(config.begin_suppress_tokens)),
    maxLength,
  };
}
