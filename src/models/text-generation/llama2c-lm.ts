// A llama2.c tokenizer as generation's LmTokenizer: BOS before the prompt,
// replies decoded as a continuation (their first space kept).
import type { LmTokenizer } from './generate';
import type { Llama2cTokenizer } from './llama2c-tokenizer';

export function llama2cLmTokenizer(tokenizer: Llama2cTokenizer): LmTokenizer {
  return {
    encode: (text) => tokenizer.encode(text, { bos: true }),
    decode: (ids) => tokenizer.decode(ids, false),
    eos: [tokenizer.eos],
  };
}
