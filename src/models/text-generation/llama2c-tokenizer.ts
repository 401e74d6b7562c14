// The llama2.c tokenizer file (`tokenizer.bin`, `tok512.bin`): int32 max token
// length, then per id a float32 merge score, an int32 byte length and the
// piece's UTF-8 bytes. Encoding follows llama2.c's run.c: a leading space,
// one piece per character (unknown bytes → `<0xXX>` = byte + 3), then the
// adjacent pair whose merge has the best score is merged until none is left.
// Hand-written: no npm package reads this format.

export const LLAMA2C_BOS = 1;
export const LLAMA2C_EOS = 2;

export class Llama2cTokenizerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Llama2cTokenizerError';
  }
}

export interface Llama2cTokenizer {
  readonly vocabSize: number;
  readonly bos: number;
  readonly eos: number;
  encode(text: string, options?: { bos?: boolean }): number[];
  /** Text of `ids` (BOS/EOS dropped); the first piece after BOS loses its leading space. */
  decode(ids: readonly number[], afterBos?: boolean): string;
}

const BYTE_PIECE = /^<0x([0-9A-F]{2})>$/;

export function parseLlama2cTokenizer(bytes: Uint8Array, vocabSize: number): Llama2cTokenizer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder('utf-8');
  const pieces: Uint8Array[] = [];
  const strings: string[] = [];
  const scores = new Float32Array(vocabSize);
  const ids = new Map<string, number>();
  let at = 4;
  for (let id = 0; id < vocabSize; id++) {
    if (at + 8 > bytes.length) {
      throw new Llama2cTokenizerError(
        `tokenizer file ends at piece ${id} of ${vocabSize}: it is not a llama2.c tokenizer for a ${vocabSize}-token model`,
      );
    }
    scores[id] = view.getFloat32(at, true);
    const length = view.getInt32(at + 4, true);
    at += 8;
    if (length < 0 || at + length > bytes.length) {
      throw new Llama2cTokenizerError(`piece ${id} has a bad length ${length}`);
    }
    const piece = bytes.subarray(at, at + length);
    at += length;
    pieces.push(piece);
    const key = utf8.decode(piece);
    strings.push(key);
    if (!ids.has(key)) ids.set(key, id);
  }

  /** The bytes a token stands for (`<0xXX>` pieces are single raw bytes). */
  const bytesOf = (id: number): Uint8Array => {
    const piece = pieces[id] ?? new Uint8Array();
    const byte = BYTE_PIECE.exec(strings[id] ?? '');
    return byte ? Uint8Array.of(parseInt(byte[1] as string, 16)) : piece;
  };

  return {
    vocabSize,
    bos: LLAMA2C_BOS,
    eos: LLAMA2C_EOS,
    encode(text, options = {}) {
      const tokens: number[] = [];
      if (options.bos ?? true) tokens.push(LLAMA2C_BOS);
      if (text === '') return tokens;
      const encoder = new TextEncoder();
      const out: number[] = [];
      for (const ch of ' ' + text) {
        const id = ids.get(ch);
        if (id !== undefined) out.push(id);
        else for (const byte of encoder.encode(ch)) out.push(byte + 3);
      }
      for (;;) {
        let best = -Infinity;
        let bestId = -1;
        let bestAt = -1;
        for (let i = 0; i + 1 < out.length; i++) {
          const merged = strings[out[i] as number]! + strings[out[i + 1] as number]!;
          const id = ids.get(merged);
          if (id !== undefined && (scores[id] as number) > best) {
            best = scores[id] as number;
            bestId = id;
            bestAt = i;
          }
        }
        if (bestAt < 0) break;
        out.splice(bestAt, 2, bestId);
      }
      return tokens.concat(out);
    },
    decode(tokenIds, afterBos = true) {
      const parts: Uint8Array[] = [];
      let first = afterBos;
      for (const id of tokenIds) {
        if (id === LLAMA2C_BOS) {
          first = true;
          continue;
        }
        if (id === LLAMA2C_EOS || id < 0 || id >= vocabSize) continue;
        let piece = bytesOf(id);
        if (first && piece[0] === 0x20) piece = piece.subarray(1);
        first = false;
        parts.push(piece);
      }
      const total = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
      let offset = 0;
      for (const p of parts) {
        total.set(p, offset);
        offset += p.length;
      }
      return utf8.decode(total);
    },
  };
}
