// The manifest of a text classifier package (JSON next to the .onnx): which
// tokenizer scheme turns a text into the model's input, and where the class
// names are. Two schemes: `word-vocab` (whitelightning-style word ids) and
// `tokenizer-json` (BERT-style, Hugging Face tokenizer.json).
import type { TextActivation } from './scores';
import type { WordVocabScheme } from './word-vocab';

export interface TokenizerJsonScheme {
  scheme: 'tokenizer-json';
  /** Default `tokenizer.json`. */
  file?: string;
  /** Default `tokenizer_config.json` when the package has it. */
  config?: string;
  /** Pieces per input, special tokens included; default 512. */
  maxLength?: number;
}

export interface TextClassifierManifest {
  family: 'text-classification';
  id: string;
  name: string;
  file: string;
  tokenizer: WordVocabScheme | TokenizerJsonScheme;
  /** Class names inline, or… */
  classNames?: string[];
  /** …a labels file (list, {"0": name} or {name: 0}), or a Hugging Face config.json's id2label. */
  labels?: string;
  /** How the output row becomes probabilities; default `auto` (softmax when it looks like logits). */
  activation?: TextActivation;
  /** Several classes may hold at once (sigmoid outputs, `choice="multiple"`). */
  multiLabel?: boolean;
}

export class TextManifestError extends Error {
  constructor(fileName: string, reason: string) {
    super(`${fileName}: ${reason}`);
    this.name = 'TextManifestError';
  }
}

const ACTIVATIONS = ['auto', 'softmax', 'sigmoid', 'none'];

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export function parseTextClassifierManifest(
  fileName: string,
  value: unknown,
): TextClassifierManifest {
  const fail = (reason: string): never => {
    throw new TextManifestError(fileName, reason);
  };
  if (typeof value !== 'object' || value === null) return fail('expected a JSON object');
  const m = value as Record<string, unknown>;
  if (m['family'] !== 'text-classification') fail('"family" must be "text-classification"');
  if (typeof m['file'] !== 'string' || m['file'] === '') fail('"file" must name the .onnx file');
  const tok = m['tokenizer'] as Record<string, unknown> | undefined;
  if (typeof tok !== 'object' || tok === null) {
    fail('"tokenizer" must be an object with a "scheme" ("word-vocab" or "tokenizer-json")');
  } else if (tok['scheme'] === 'word-vocab') {
    if (typeof tok['vocab'] !== 'string')
      fail('tokenizer "vocab" must name the vocabulary JSON file');
    if (!Number.isInteger(tok['maxLength']) || (tok['maxLength'] as number) < 1)
      fail('tokenizer "maxLength" must be the model\'s sequence length (a positive integer)');
  } else if (tok['scheme'] !== 'tokenizer-json') {
    fail(
      `tokenizer "scheme" must be "word-vocab" or "tokenizer-json", got ${JSON.stringify(tok['scheme'])}`,
    );
  }
  if (m['classNames'] !== undefined && !isStringList(m['classNames']))
    fail('"classNames" must be a list of strings');
  if (m['labels'] !== undefined && typeof m['labels'] !== 'string')
    fail('"labels" must name a labels file');
  if (m['classNames'] === undefined && m['labels'] === undefined)
    fail('give "classNames" or a "labels" file (a labels JSON or a config.json with id2label)');
  if (m['activation'] !== undefined && !ACTIVATIONS.includes(m['activation'] as string))
    fail(`"activation" must be one of ${ACTIVATIONS.join(', ')}`);
  const file = m['file'] as string;
  return {
    ...(m as object),
    id: typeof m['id'] === 'string' ? m['id'] : file.replace(/\.onnx$/i, ''),
    name: typeof m['name'] === 'string' ? m['name'] : file,
  } as TextClassifierManifest;
}
