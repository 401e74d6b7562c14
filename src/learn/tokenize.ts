// Analyzers that turn a text into the terms that get hashed.
// `word` is scikit-learn's default token pattern `(?u)\b\w\w+\b` on lower-cased
// text: runs of two or more word characters. Python's `\w` under (?u) is
// Unicode letters, digits and `_`, which JavaScript's `\w` (ASCII only) is not,
// hence the explicit property classes.

export type Analyzer = 'word' | 'char_wb';

const WORD = /[\p{L}\p{N}_]{2,}/gu;
const WHITESPACE = /\s+/u;

export function wordTokens(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * scikit-learn's `char_wb`: character n-grams inside each whitespace-separated
 * word padded with one space on each side; a padded word shorter than n gives
 * itself once.
 */
export function charWbNgrams(text: string, min: number, max: number): string[] {
  const out: string[] = [];
  for (const word of text.toLowerCase().split(WHITESPACE)) {
    if (!word) continue;
    const chars = Array.from(` ${word} `);
    for (let n = min; n <= max; n++) {
      if (chars.length < n) {
        out.push(chars.join(''));
        break;
      }
      for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
    }
  }
  return out;
}
