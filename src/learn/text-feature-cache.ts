// Hashed term counts kept across retrains: online learning retrains on the
// same texts plus one, so only the new text needs tokenising and hashing.
import { hashedCounts, type HashingSpec } from './hash-features';

export class TextFeatureCache {
  private readonly bySpec = new Map<string, Map<string, Map<number, number>>>();
  #size = 0;

  /** Texts held now. */
  get size(): number {
    return this.#size;
  }

  /** At most `maxTexts` texts are kept (the oldest go first). */
  constructor(readonly maxTexts = 100_000) {}

  counts(text: string, spec: HashingSpec): Map<number, number> {
    const key = `${spec.analyzer}:${spec.ngramRange.join('-')}:${spec.hashBits}:${spec.hashSeed}`;
    let texts = this.bySpec.get(key);
    if (!texts) this.bySpec.set(key, (texts = new Map()));
    let counts = texts.get(text);
    if (counts) return counts;
    counts = hashedCounts(text, spec);
    texts.set(text, counts);
    if (++this.#size > this.maxTexts) this.evictOldest();
    return counts;
  }

  private evictOldest(): void {
    for (const texts of this.bySpec.values()) {
      const oldest = texts.keys().next();
      if (!oldest.done) {
        texts.delete(oldest.value);
        this.#size--;
        return;
      }
    }
  }
}
