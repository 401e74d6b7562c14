// The run options a speech recogniser reads, set by the CLI (`--language`,
// `--speech-task`, `--max-tokens`), `prelabel serve` and later the app:
// `speech` holds Whisper's language and task; the token limit is the one text
// generation reads (`generation.maxNewTokens`).

/** The run option the speech family reads its language and task from. */
export const SPEECH_OPTION = 'speech';

export const SPEECH_TASKS = ['transcribe', 'translate'] as const;

export interface SpeechOptions {
  /** An ISO code the model knows (`en`, `de`…) or `auto` (detected per 30 s window). */
  language?: string;
  task?: (typeof SPEECH_TASKS)[number];
}

export function speechOptionsOf(options: Readonly<Record<string, unknown>>): SpeechOptions {
  const speech = options[SPEECH_OPTION];
  return speech && typeof speech === 'object' ? (speech as SpeechOptions) : {};
}

/** The most new tokens per window, when the run gives a limit. */
export function maxNewTokensOf(options: Readonly<Record<string, unknown>>): number | undefined {
  const generation = options.generation as { maxNewTokens?: unknown } | undefined;
  const limit = generation?.maxNewTokens;
  return typeof limit === 'number' && limit > 0 ? limit : undefined;
}
