// Opens a generation package (llama2.c or Hugging Face layout) on a session:
// the tokenizer, the LM layout and the context length, ready to write replies.
import { loadHfTokenizer } from '../shared/hf-tokenizer';
import { staticDim } from '../shared/model-io';
import { ModelLayoutError } from '../shared/errors';
import type { TensorSession } from '../shared/tensor-session';
import type { PackageReader } from '../types';
import type { GenerateOptions, Generation, LmTokenizer } from './generate';
import { generate } from './generate';
import { hfLmTokenizer } from './hf-lm';
import { llama2cLmTokenizer } from './llama2c-lm';
import { parseLlama2cTokenizer } from './llama2c-tokenizer';
import type { LmConfig, LmLayout } from './lm-layout';
import { readLmLayout } from './lm-layout';
import type { LmPackage } from './package-files';

export interface TextGenerator {
  layout: LmLayout;
  tokenizer: LmTokenizer;
  contextLength: number;
  generate(prompt: string, options?: GenerateOptions): Promise<Generation>;
}

function jsonObject(name: string, text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null)
    throw new Error(`${name}: expected a JSON object`);
  return value as Record<string, unknown>;
}

export async function openTextGenerator(
  pkg: LmPackage,
  session: TensorSession,
  read: PackageReader,
): Promise<TextGenerator> {
  let tokenizer: LmTokenizer;
  let config: Record<string, unknown> = {};
  if (pkg.kind === 'llama2c') {
    const logits = session.io.outputs.find((o) => o.name === 'logits') ?? session.io.outputs[0];
    const vocab = staticDim(logits?.dims[2]);
    if (!vocab) {
      throw new ModelLayoutError(
        `output ${logits?.name ?? '(none)'} has no fixed vocabulary axis`,
        'logits [batch, seq, vocab] with a numeric vocab size (it sizes the llama2.c tokenizer)',
      );
    }
    tokenizer = llama2cLmTokenizer(parseLlama2cTokenizer(await read.bytes(pkg.tokenizer), vocab));
  } else {
    if (pkg.config) config = jsonObject(pkg.config, await read.text(pkg.config));
    const tokConfigText = pkg.tokenizerConfig ? await read.text(pkg.tokenizerConfig) : undefined;
    const hf = loadHfTokenizer(await read.text(pkg.tokenizer), tokConfigText);
    const tokConfig = tokConfigText ? jsonObject('tokenizer_config.json', tokConfigText) : {};
    tokenizer = hfLmTokenizer(hf, config, tokConfig);
  }
  const layout = readLmLayout(session, config as LmConfig);
  const fromConfig = config['max_position_embeddings'] ?? config['n_positions'];
  const contextLength = typeof fromConfig === 'number' ? fromConfig : 512;
  return {
    layout,
    tokenizer,
    contextLength,
    generate: (prompt, options = {}) =>
      generate(session, layout, tokenizer, prompt, { contextLength, ...options }),
  };
}
