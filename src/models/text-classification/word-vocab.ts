// The word-vocabulary tokenizer of small Keras-style text models
// (whitelightning's wl-*.onnx): lower-case, split on whitespace, look each
// word up (unknown → the OOV id), keep the first N, pad with 0 to N.

export interface WordVocabScheme {
  scheme: 'word-vocab';
  /** File name of a JSON object word → id. */
  vocab: string;
  /** Ids per input row (the model's fixed sequence length). */
  maxLength: number;
  /** Default true. */
  lowercase?: boolean;
  /** Id of unknown words; default: the vocabulary's `<OOV>` entry, else 1. */
  unknownId?: number;
  /** Default 0. */
  padId?: number;
}

export type Vocabulary = ReadonlyMap<string, number>;

export function parseVocabulary(fileName: string, text: string): Vocabulary {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${fileName}: not JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${fileName}: expected a JSON object {"word": id, …}`);
  }
  const vocab = new Map<string, number>();
  for (const [word, id] of Object.entries(value)) {
    if (!Number.isInteger(id) || (id as number) < 0) {
      throw new Error(
        `${fileName}: the id of "${word}" must be a non-negative integer, got ${JSON.stringify(id)}`,
      );
    }
    vocab.set(word, id as number);
  }
  return vocab;
}

/** One row of int32 word ids. */
export function encodeWords(text: string, vocab: Vocabulary, scheme: WordVocabScheme): Int32Array {
  const unknown = scheme.unknownId ?? vocab.get('<OOV>') ?? 1;
  const row = new Int32Array(scheme.maxLength).fill(scheme.padId ?? 0);
  const source = (scheme.lowercase ?? true) ? text.toLowerCase() : text;
  let n = 0;
  for (const word of source.split(/\s+/u)) {
    if (word === '') continue;
    if (n >= scheme.maxLength) break;
    row[n++] = vocab.get(word) ?? unknown;
  }
  return row;
}
