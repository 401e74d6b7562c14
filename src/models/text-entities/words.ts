// Words of a text with their UTF-16 positions, split as BERT's pre-tokenizer
// does (whitespace, and each punctuation or symbol character on its own).
// Span models tokenize word by word, so every piece knows its word and every
// word its characters: @huggingface/tokenizers gives no character offsets.

export interface Word {
  /** UTF-16 start, inclusive. */
  start: number;
  /** UTF-16 end, exclusive. */
  end: number;
}

const WORD = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]\p{M}*/gu;

export function splitWords(text: string): Word[] {
  const words: Word[] = [];
  for (const m of text.matchAll(WORD)) words.push({ start: m.index, end: m.index + m[0].length });
  return words;
}
