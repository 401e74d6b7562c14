// Greedy CTC decoding for wav2vec2-style models: argmax per frame, merge
// repeats, drop the blank (the pad token), turn the word delimiter into spaces.

export interface CtcVocabulary {
  /** Token of each id. */
  tokens: string[];
  blank: number;
  /** "|" in wav2vec2 vocabularies. */
  wordDelimiter: string;
  /** Tokens never written (<s>, </s>, <unk>). */
  skip: Set<number>;
}

/** From a wav2vec2 `vocab.json` ({token: id}) and its tokenizer_config's pad token. */
export function ctcVocabulary(
  vocabJson: Record<string, number>,
  options: { padToken?: string; wordDelimiter?: string } = {},
  name = 'vocab.json',
): CtcVocabulary {
  const tokens: string[] = [];
  for (const [token, id] of Object.entries(vocabJson)) {
    if (!Number.isInteger(id) || id < 0)
      throw new Error(`${name}: "${token}" has id ${JSON.stringify(id)}`);
    tokens[id] = token;
  }
  const pad = options.padToken ?? '<pad>';
  const blank = vocabJson[pad];
  if (blank === undefined) throw new Error(`${name}: no pad token "${pad}" (the CTC blank)`);
  const skip = new Set<number>();
  for (const special of ['<s>', '</s>', '<unk>']) {
    const id = vocabJson[special];
    if (id !== undefined) skip.add(id);
  }
  return { tokens, blank, wordDelimiter: options.wordDelimiter ?? '|', skip };
}

export interface CtcResult {
  text: string;
  /** Mean max-probability of the frames that emitted a character (1 if none did). */
  score: number;
}

/** `logits`: [frames, vocab] row-major. */
export function ctcGreedy(logits: Float32Array, frames: number, vocab: CtcVocabulary): CtcResult {
  const size = logits.length / frames;
  let previous = -1;
  let text = '';
  let probSum = 0;
  let emitted = 0;
  for (let f = 0; f < frames; f++) {
    const row = logits.subarray(f * size, (f + 1) * size);
    let best = 0;
    for (let k = 1; k < size; k++) if (row[k]! > row[best]!) best = k;
    if (best !== previous && best !== vocab.blank && !vocab.skip.has(best)) {
      const token = vocab.tokens[best] ?? '';
      text += token === vocab.wordDelimiter ? ' ' : token;
      let sum = 0;
      for (let k = 0; k < size; k++) sum += Math.exp(row[k]! - row[best]!);
      probSum += 1 / sum;
      emitted++;
    }
    previous = best;
  }
  return { text: text.replace(/\s+/g, ' ').trim(), score: emitted ? probSum / emitted : 1 };
}

/** wav2vec2's feature extractor normalisation: zero mean, unit variance (ε 1e-7). */
export function normalizeWaveform(samples: Float32Array): Float32Array {
  let mean = 0;
  for (const v of samples) mean += v;
  mean /= Math.max(1, samples.length);
  let variance = 0;
  for (const v of samples) variance += (v - mean) ** 2;
  variance /= Math.max(1, samples.length);
  const scale = 1 / Math.sqrt(variance + 1e-7);
  return samples.map((v) => (v - mean) * scale);
}
