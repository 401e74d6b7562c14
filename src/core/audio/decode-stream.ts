// Encoded audio (WAV, MP3, OGG Vorbis/Opus, FLAC, M4A/AAC…) → 16 kHz mono
// chunks of a fixed length, streamed: memory holds one chunk plus the
// decoder's and resampler's buffers, whatever the file's length. Decoders are
// the `audio-decode` package's (WASM, runtime-neutral: Node, worker, page).

import { MODEL_SAMPLE_RATE, mixToMono, type PcmChunk } from './pcm';
import { createStreamResampler, type StreamResampler } from './resample-stream';

export class AudioDecodeError extends Error {
  override name = 'AudioDecodeError';
}

export interface DecodeChunksOptions {
  /** Length of each chunk (the last may be shorter). Default 30 s. */
  chunkSeconds?: number;
  /** Output rate; default 16 kHz. */
  sampleRate?: number;
  /** Names the item in error messages (a file name or URL). */
  name?: string;
}

/** Bytes enough for `audio-type` to recognise every container it knows. */
const SNIFF_BYTES = 64;

type Source = AsyncIterable<Uint8Array> | Uint8Array;

async function* iterate(source: Source): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    // Feeding a large buffer in pieces keeps the decoder's own output small.
    const piece = 1 << 20;
    for (let at = 0; at < source.length; at += piece) yield source.subarray(at, at + piece);
    return;
  }
  yield* source;
}

/** Reads the first bytes to learn the format, then replays them ahead of the rest. */
async function sniff(
  source: Source,
): Promise<{ head: Uint8Array; rest: AsyncGenerator<Uint8Array> }> {
  const rest = iterate(source);
  const parts: Uint8Array[] = [];
  let length = 0;
  while (length < SNIFF_BYTES) {
    const next = await rest.next();
    if (next.done) break;
    parts.push(next.value);
    length += next.value.length;
  }
  const head = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    head.set(part, at);
    at += part.length;
  }
  return { head, rest };
}

async function* prepend(head: Uint8Array, rest: AsyncIterable<Uint8Array>) {
  if (head.length > 0) yield head;
  yield* rest;
}

const hex = (bytes: Uint8Array) =>
  Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');

/** The `audio-decode` format name of these bytes, or a clear error. */
export async function detectAudioFormat(head: Uint8Array, name = 'audio'): Promise<string> {
  const { default: audioType } = await import('audio-type');
  const type = audioType(head);
  if (!type) {
    throw new AudioDecodeError(
      head.length === 0
        ? `${name}: the file is empty`
        : `${name}: not an audio format this decoder knows (first bytes ${hex(head)})`,
    );
  }
  return type;
}

/**
 * Decodes `source` and yields consecutive chunks of `chunkSeconds` at 16 kHz
 * mono (channels averaged), each with its offset in seconds.
 */
export async function* decodeAudioChunks(
  source: Source,
  options: DecodeChunksOptions = {},
): AsyncGenerator<PcmChunk> {
  const name = options.name ?? 'audio';
  const rate = options.sampleRate ?? MODEL_SAMPLE_RATE;
  const chunkLength = Math.max(1, Math.round((options.chunkSeconds ?? 30) * rate));
  const { head, rest } = await sniff(source);
  const format = await detectAudioFormat(head, name);
  const { decodeChunked } = await import('audio-decode/stream');

  let resampler: StreamResampler | undefined;
  let inputRate = 0;
  let pending = new Float32Array(chunkLength);
  let filled = 0;
  let emitted = 0;

  const take = function* (samples: Float32Array): Generator<PcmChunk> {
    let at = 0;
    while (at < samples.length) {
      const n = Math.min(chunkLength - filled, samples.length - at);
      pending.set(samples.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === chunkLength) {
        yield { samples: pending, sampleRate: rate, start: emitted / rate };
        emitted += chunkLength;
        pending = new Float32Array(chunkLength);
        filled = 0;
      }
    }
  };

  try {
    for await (const piece of decodeChunked(prepend(head, rest), format as never)) {
      if (piece.channelData.length === 0) continue;
      if (!resampler) {
        inputRate = piece.sampleRate;
        resampler = await createStreamResampler(inputRate, rate);
      } else if (piece.sampleRate !== inputRate) {
        throw new AudioDecodeError(
          `${name}: the sample rate changes inside the file (${inputRate} → ${piece.sampleRate} Hz)`,
        );
      }
      yield* take(resampler.push(mixToMono(piece.channelData)));
    }
  } catch (error) {
    if (error instanceof AudioDecodeError) throw error;
    const cause = error instanceof Error ? error.message : String(error);
    throw new AudioDecodeError(`${name}: cannot decode ${format} audio (${cause})`);
  }
  if (!resampler) throw new AudioDecodeError(`${name}: the ${format} file holds no audio samples`);
  yield* take(resampler.end());
  if (filled > 0)
    yield { samples: pending.slice(0, filled), sampleRate: rate, start: emitted / rate };
}

/** The whole file as one 16 kHz mono buffer (short clips; long files: use the chunks). */
export async function decodeAudioWhole(
  bytes: Uint8Array,
  options: Omit<DecodeChunksOptions, 'chunkSeconds'> = {},
): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  let length = 0;
  for await (const chunk of decodeAudioChunks(bytes, { ...options, chunkSeconds: 600 })) {
    parts.push(chunk.samples);
    length += chunk.samples.length;
  }
  const out = new Float32Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
