// Text recognition output: PaddleOCR's CTCLabelDecode (greedy) over the
// ppocr_keys_v1 dictionary.
import type { TensorData } from '../types';

/** Class index 0 of the rec model: the CTC blank. */
export const CTC_BLANK = 0;

/**
 * The model's class list from a dictionary file (one character per line):
 * blank first, the keys, then ' ' (PaddleOCR's use_space_char), so the
 * ppocr_keys_v1 file's 6623 keys give the rec model's 6625 classes.
 */
export function parseDictionary(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return ['', ...lines, ' '];
}

export interface Recognition {
  text: string;
  /** Mean of the winning probabilities of the emitted characters; 0 for no text. */
  score: number;
}

/**
 * Greedy CTC: best class per time step, merge repeats, drop blanks. `probs`
 * holds `steps` rows of `classes` softmax probabilities starting at `offset`.
 */
export function ctcGreedyDecode(
  probs: ArrayLike<number>,
  steps: number,
  classes: number,
  dictionary: readonly string[],
  offset = 0,
): Recognition {
  let text = '';
  let sum = 0;
  let count = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const row = offset + t * classes;
    let best = 0;
    let bestP = -Infinity;
    for (let c = 0; c < classes; c++) {
      const p = probs[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== CTC_BLANK && best !== previous) {
      text += dictionary[best] ?? '';
      sum += bestP;
      count++;
    }
    previous = best;
  }
  return { text, score: count > 0 ? sum / count : 0 };
}

/** Decodes every row of a rec output [N, steps, classes]. */
export function decodeRecOutput(output: TensorData, dictionary: readonly string[]): Recognition[] {
  const [n, steps, classes] = output.dims as [number, number, number];
  if (output.dims.length !== 3 || classes !== dictionary.length) {
    throw new Error(
      `rec output [${output.dims.join(',')}] does not match a dictionary of ${dictionary.length} classes`,
    );
  }
  const probs = output.data as Float32Array;
  return Array.from({ length: n }, (_, i) =>
    ctcGreedyDecode(probs, steps, classes, dictionary, i * steps * classes),
  );
}

/** Han, kana, Hangul and CJK punctuation: text where full-width forms belong. */
const CJK = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;
const FULL_WIDTH = /[\uff01-\uff5e]/g;

/**
 * The ppocr_keys_v1 dictionary (Chinese + English) holds both "(" and "（",
 * and the model often picks the full-width form in Latin text. A line with
 * no CJK character gets the ASCII forms; CJK lines keep theirs.
 */
export function asciiPunctuation(text: string): string {
  if (CJK.test(text)) return text;
  return text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
