// A Hugging Face tokenizer.json as generation's LmTokenizer. EOS ids come
// from config.json's eos_token_id (a number or a list), else the tokenizer
// config's eos_token.
import type { HfTokenizer } from '../shared/hf-tokenizer';
import type { LmTokenizer } from './generate';

function eosIds(
  hf: HfTokenizer,
  config: Record<string, unknown>,
  tokenizerConfig: Record<string, unknown>,
): number[] {
  const fromConfig = config['eos_token_id'];
  if (typeof fromConfig === 'number') return [fromConfig];
  if (Array.isArray(fromConfig))
    return fromConfig.filter((v): v is number => typeof v === 'number');
  const token = tokenizerConfig['eos_token'];
  const name =
    typeof token === 'string' ? token : (token as { content?: string } | undefined)?.content;
  const id = name ? hf.tokenizer.token_to_id(name) : undefined;
  return id === undefined ? [] : [id];
}

export function hfLmTokenizer(
  hf: HfTokenizer,
  config: Record<string, unknown> = {},
  tokenizerConfig: Record<string, unknown> = {},
): LmTokenizer {
  return {
    // the tokenizer's post-processor adds BOS where the model wants one; a
    // closing token (BERT's [SEP]) would end the text the model should continue
    encode: (text) => {
      const ids = hf.tokenizer.encode(text).ids;
      return hf.suffix.length > 0 ? ids.slice(0, ids.length - hf.suffix.length) : ids;
    },
    decode: (ids) => hf.tokenizer.decode([...ids], { skip_special_tokens: true }),
    eos: eosIds(hf, config, tokenizerConfig),
  };
}
