// Hashed term counts of one text: each term's UTF-8 bytes through MurmurHash3
// (x86, 32 bit, from `murmurhash3js-revisited`), kept to `hashBits` bits.
import murmur from 'murmurhash3js-revisited';
import { charWbNgrams, wordTokens, type Analyzer } from './tokenize';

// We always hand it a Uint8Array; its check walks every byte again.
murmur.inputValidation = false;

export interface HashingSpec {
  analyzer: Analyzer;
  ngramRange: [number, number];
  /** Bucket count is 2^hashBits (collisions are rare below 1 % of that in terms). */
  hashBits: number;
  hashSeed: number;
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(256);

function ensureScratch(size: number): void {
  if (scratch.length < size) scratch = new Uint8Array(Math.max(size, scratch.length * 2));
}

function add(counts: Map<number, number>, key: number): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/**
 * Word n-grams hashed without building n-gram strings: the tokens are encoded
 * once and each n-gram's bytes (tokens joined by one space, as scikit-learn
 * joins them) are laid into a scratch buffer.
 */
function wordCounts(text: string, spec: HashingSpec, counts: Map<number, number>): void {
  const tokens = wordTokens(text);
  const [min, max] = spec.ngramRange;
  const mask = spec.hashBits >= 32 ? 0xffffffff : (1 << spec.hashBits) - 1;
  const cache = new Map<string, Uint8Array>();
  const bytes = tokens.map((t) => {
    let b = cache.get(t);
    if (!b) cache.set(t, (b = encoder.encode(t)));
    return b;
  });
  for (let n = min; n <= max; n++) {
    for (let i = 0; i + n <= bytes.length; i++) {
      let length = n - 1;
      for (let k = 0; k < n; k++) length += (bytes[i + k] as Uint8Array).length;
      ensureScratch(length);
      let at = 0;
      for (let k = 0; k < n; k++) {
        if (k > 0) scratch[at++] = 0x20;
        const b = bytes[i + k] as Uint8Array;
        scratch.set(b, at);
        at += b.length;
      }
      add(counts, (murmur.x86.hash32(scratch.subarray(0, at), spec.hashSeed) & mask) >>> 0);
    }
  }
}

/** Term counts by hashed index (unsigned, < 2^hashBits). */
export function hashedCounts(text: string, spec: HashingSpec): Map<number, number> {
  const counts = new Map<number, number>();
  if (spec.analyzer === 'word') {
    wordCounts(text, spec, counts);
    return counts;
  }
  const mask = spec.hashBits >= 32 ? 0xffffffff : (1 << spec.hashBits) - 1;
  for (const gram of charWbNgrams(text, spec.ngramRange[0], spec.ngramRange[1])) {
    add(counts, (murmur.x86.hash32(encoder.encode(gram), spec.hashSeed) & mask) >>> 0);
  }
  return counts;
}
