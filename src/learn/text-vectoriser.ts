// Feature vectors of texts when there is no trained head to take them from
// (the app's Label next ranks a text model's predictions: diversity batches
// and clusters need each task's vector). TF-IDF as the learner computes it
// (its tokenizer, scikit-learn's smooth idf, L2-normalised rows), fitted on
// a sample of the texts themselves. Word unigrams only: with 1–3-grams most
// of a text's terms occur in no other text, so every pair of texts is about
// equally far apart and "spread out" means little; and a vocabulary of
// unigrams is a plain Map, ~5× faster than hashing every term (100,000 texts
// are vectorised to give each its cluster).
import type { SparseVector } from '../core/active/vectors';
import { wordTokens } from './tokenize';

export interface TextVectoriser {
  /** Terms (columns) the sample gave. */
  columns: number;
  /** One text's L2-normalised TF-IDF row, columns ascending; terms the sample never had are ignored. */
  vector(text: string): SparseVector;
}

export function fitTextVectoriser(sample: readonly string[]): TextVectoriser {
  const df = new Map<string, number>();
  for (const text of sample) {
    for (const token of new Set(wordTokens(text))) df.set(token, (df.get(token) ?? 0) + 1);
  }
  const column = new Map<string, number>();
  const idf: number[] = [];
  const n = sample.length;
  for (const [token, count] of df) {
    column.set(token, idf.length);
    idf.push(Math.log((1 + n) / (1 + count)) + 1);
  }
  return {
    columns: idf.length,
    vector(text) {
      const counts = new Map<number, number>();
      for (const token of wordTokens(text)) {
        const c = column.get(token);
        if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
      }
      const indices = Int32Array.from(counts.keys()).sort();
      const values = Float32Array.from(indices, (c) => counts.get(c)! * idf[c]!);
      let norm = 0;
      for (const v of values) norm += v * v;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let i = 0; i < values.length; i++) values[i] = values[i]! * scale;
      return { indices, values };
    },
  };
}
