// Feature vectors of texts when there is no trained head to take them from
// (the app's Label next ranks a text model's predictions: diversity batches
// and clusters need each task's vector). The learner's own TF-IDF (same
// tokenizer, hashing and smooth idf), fitted on a sample of the texts
// themselves. Word unigrams by default: with 1–3-grams most of a text's terms
// occur in no other text, so every pair of texts is about equally far apart
// and "spread out" means little.
import type { SparseVector } from '../core/active/vectors';
import { hashedCounts } from './hash-features';
import { fitTfidf, transformTfidf, type TfidfSpec } from './tfidf';
import type { TrainTextOptions } from './text-classifier';

export interface TextVectoriser {
  /** Terms (columns) the sample gave. */
  columns: number;
  /** One text's L2-normalised TF-IDF row; terms the sample never had are ignored. */
  vector(text: string): SparseVector;
}

export function fitTextVectoriser(
  sample: readonly string[],
  options: Pick<TrainTextOptions, 'analyzer' | 'ngramRange' | 'hashBits'> = {},
): TextVectoriser {
  const spec: TfidfSpec = {
    analyzer: options.analyzer ?? 'word',
    ngramRange: options.ngramRange ?? [1, 1],
    hashBits: options.hashBits ?? 24,
    hashSeed: 0,
    sublinearTf: false,
  };
  const fitted = fitTfidf(
    sample.map((t) => hashedCounts(t, spec)),
    spec,
  );
  return {
    columns: fitted.hashes.length,
    vector(text) {
      const row = transformTfidf([hashedCounts(text, spec)], fitted);
      // Distances walk both index lists in order; a row comes in term order.
      const order = Array.from(row.indices.keys()).sort(
        (a, b) => (row.indices[a] as number) - (row.indices[b] as number),
      );
      return {
        indices: Int32Array.from(order, (i) => row.indices[i] as number),
        values: Float32Array.from(order, (i) => row.values[i] as number),
      };
    },
  };
}
