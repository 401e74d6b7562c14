// Mono PCM as every audio family reads it: 16 kHz float samples in [-1, 1].

/** The rate Silero VAD, Whisper, wav2vec2 and openWakeWord all expect. */
export const MODEL_SAMPLE_RATE = 16000;

/** A piece of a longer recording: `start` is its offset in the file, in seconds. */
export interface PcmChunk {
  samples: Float32Array;
  sampleRate: number;
  start: number;
}

/**
 * Mixes channels to one by averaging them. For mono and stereo this is what
 * Web Audio's "speakers" down-mix does (stereo: 0.5·(L+R)); for 5.1 Web Audio
 * weights the channels instead, so the two paths differ there.
 */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const channel of channels) {
    for (let i = 0; i < out.length; i++) out[i]! += channel[i] ?? 0;
  }
  const scale = 1 / channels.length;
  for (let i = 0; i < out.length; i++) out[i]! *= scale;
  return out;
}
