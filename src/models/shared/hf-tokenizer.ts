// A Hugging Face `tokenizer.json` read with @huggingface/tokenizers (the
// tokenizer of transformers.js), plus what BERT-style models need around it:
// the special tokens a single sequence is framed with ([CLS] … [SEP],
// <s> … </s>) and per-word pieces for span models. The library gives no
// character offsets, so span models tokenize word by word (see words.ts).
import { Tokenizer } from '@huggingface/tokenizers';

export interface HfTokenizer {
  readonly tokenizer: Tokenizer;
  /** Ids before and after one sequence's pieces. */
  readonly prefix: readonly number[];
  readonly suffix: readonly number[];
  readonly padId: number;
  /** Pieces of a text without special tokens. */
  pieces(text: string): number[];
}

export class TokenizerFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TokenizerFileError';
  }
}

function parseJson(fileName: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new TokenizerFileError(`${fileName}: not JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TokenizerFileError(`${fileName}: expected a JSON object`);
  }
  return value as Record<string, unknown>;
}

/** `tokenizerJson`: the text of tokenizer.json; `configJson`: of tokenizer_config.json, if any. */
export function loadHfTokenizer(tokenizerJson: string, configJson?: string): HfTokenizer {
  const json = parseJson('tokenizer.json', tokenizerJson);
  if (typeof json['model'] !== 'object') {
    throw new TokenizerFileError(
      'tokenizer.json: has no "model" section (is it a tokenizer.json?)',
    );
  }
  const config = configJson ? parseJson('tokenizer_config.json', configJson) : {};
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, config);
  } catch (e) {
    throw new TokenizerFileError(`tokenizer.json: cannot be read (${(e as Error).message})`, {
      cause: e,
    });
  }
  const pieces = (text: string) => tokenizer.encode(text, { add_special_tokens: false }).ids;
  // frame: where a known piece sits inside the encoding with special tokens
  const bare = pieces('a');
  const framed = tokenizer.encode('a').ids;
  let at = framed.findIndex((_, i) => bare.every((id, j) => framed[i + j] === id));
  if (at < 0 || bare.length === 0) at = framed.length;
  const padToken = typeof config['pad_token'] === 'string' ? config['pad_token'] : '[PAD]';
  return {
    tokenizer,
    prefix: framed.slice(0, at),
    suffix: framed.slice(at + bare.length),
    padId: tokenizer.token_to_id(padToken) ?? 0,
    pieces,
  };
}
