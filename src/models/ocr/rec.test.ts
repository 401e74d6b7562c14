import { describe, expect, it } from 'vitest';
import { asciiPunctuation, ctcGreedyDecode, decodeRecOutput, parseDictionary } from './rec';

// Classes: 0 blank, 1 'a', 2 'b', 3 'c', 4 ' '.
const dictionary = ['', 'a', 'b', 'c', ' '];

/** Softmax-like rows: the winning class gets `p`, the rest share what is left. */
function rows(steps: [number, number][], classes = dictionary.length): Float32Array {
  const out = new Float32Array(steps.length * classes);
  steps.forEach(([cls, p], t) => {
    for (let c = 0; c < classes; c++)
      out[t * classes + c] = c === cls ? p : (1 - p) / (classes - 1);
  });
  return out;
}

describe('parseDictionary', () => {
  it('puts the CTC blank first and the space last', () => {
    expect(parseDictionary("'\n疗\nA")).toEqual(['', "'", '疗', 'A', ' ']);
  });
  it('ignores one trailing newline and Windows line ends', () => {
    expect(parseDictionary('x\r\ny\r\n')).toEqual(['', 'x', 'y', ' ']);
  });
});

describe('ctcGreedyDecode', () => {
  it('merges repeats, keeps a letter repeated across a blank, drops blanks', () => {
    const probs = rows([
      [1, 0.9], // a
      [1, 0.5], // a (repeat: merged)
      [0, 0.99], // blank
      [1, 0.7], // a again, a new character
      [2, 0.8], // b
      [2, 0.6], // b (merged)
      [0, 0.9],
      [4, 0.6], // space
      [4, 0.9], // space (merged)
      [3, 1.0], // c
    ]);
    const r = ctcGreedyDecode(probs, 10, dictionary.length, dictionary);
    expect(r.text).toBe('aab c');
    // PaddleOCR averages the probability at the first step of each emitted run.
    expect(r.score).toBeCloseTo((0.9 + 0.7 + 0.8 + 0.6 + 1.0) / 5, 6);
  });

  it('gives empty text and score 0 for all blanks', () => {
    const r = ctcGreedyDecode(
      rows([
        [0, 0.9],
        [0, 0.8],
      ]),
      2,
      dictionary.length,
      dictionary,
    );
    expect(r).toEqual({ text: '', score: 0 });
  });

  it('decodes each row of a batch from its offset', () => {
    const a = rows([
      [1, 0.9],
      [0, 0.9],
      [2, 0.9],
    ]);
    const b = rows([
      [3, 0.8],
      [3, 0.8],
      [0, 0.9],
    ]);
    const data = new Float32Array(a.length + b.length);
    data.set(a);
    data.set(b, a.length);
    const out = decodeRecOutput(
      { type: 'float32', data, dims: [2, 3, dictionary.length] },
      dictionary,
    );
    expect(out.map((r) => r.text)).toEqual(['ab', 'c']);
  });

  it('refuses an output whose classes do not match the dictionary', () => {
    const data = new Float32Array(2 * 7);
    expect(() => decodeRecOutput({ type: 'float32', data, dims: [1, 2, 7] }, dictionary)).toThrow(
      /dictionary/,
    );
  });
});

describe('asciiPunctuation', () => {
  it('gives a Latin line the ASCII forms of full-width punctuation and letters', () => {
    expect(asciiPunctuation('np.zeros_like（coins）！ＯＫ')).toBe('np.zeros_like(coins)!OK');
  });
  it('leaves a line with Chinese or Japanese text as it is', () => {
    expect(asciiPunctuation('价格（元）：12')).toBe('价格（元）：12');
    expect(asciiPunctuation('カタカナ（ABC）')).toBe('カタカナ（ABC）');
  });
});
