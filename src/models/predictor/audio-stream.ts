// An encoded audio file (WAV, MP3, Ogg, FLAC…) as the stream audio families
// read, decoded by core/audio (WASM decoders, runtime-neutral: the CLI, the
// server and the app's worker). Not in the predictor's index, so bundles that
// never read audio leave the decoders out.
import { decodeAudioChunks } from '../../core/audio/decode-stream';
import type { AudioStream } from '../types';

export function audioStreamOf(bytes: Uint8Array, name: string): AudioStream {
  return { name, chunks: (seconds) => decodeAudioChunks(bytes, { chunkSeconds: seconds, name }) };
}
