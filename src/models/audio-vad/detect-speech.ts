// 16 kHz mono chunks → speech segments. Chunks may be any length: frames of
// 512 samples are cut across chunk boundaries, so an hour-long file streamed
// in 30 s chunks gives the same segments as one buffer.

import type { PcmChunk } from '../../core/audio/pcm';
import {
  DEFAULT_SEGMENT_RULES,
  SpeechSegmenter,
  type SegmentRules,
  type SpeechSegment,
} from './speech-segments';
import { SILERO_FRAME, SILERO_RATE, type SileroStepper } from './silero-model';

export interface DetectSpeechResult {
  segments: SpeechSegment[];
  durationSeconds: number;
  /** Speech probability of every frame (only when asked: it grows with the file). */
  frameProbabilities?: Float32Array;
}

export async function detectSpeech(
  chunks: AsyncIterable<PcmChunk> | Iterable<PcmChunk>,
  stepper: SileroStepper,
  rules: Partial<SegmentRules> = {},
  options: { keepProbabilities?: boolean } = {},
): Promise<DetectSpeechResult> {
  const segmenter = new SpeechSegmenter(
    { ...DEFAULT_SEGMENT_RULES, ...rules },
    SILERO_FRAME / SILERO_RATE,
  );
  const frame = new Float32Array(SILERO_FRAME);
  let filled = 0;
  let total = 0;
  const probs: number[] = [];
  for await (const chunk of chunks) {
    if (chunk.sampleRate !== SILERO_RATE) {
      throw new Error(`Silero VAD needs ${SILERO_RATE} Hz audio, got ${chunk.sampleRate} Hz`);
    }
    const { samples } = chunk;
    total += samples.length;
    let at = 0;
    while (at < samples.length) {
      const n = Math.min(SILERO_FRAME - filled, samples.length - at);
      frame.set(samples.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === SILERO_FRAME) {
        const p = await stepper.step(frame);
        segmenter.push(p);
        if (options.keepProbabilities) probs.push(p);
        filled = 0;
      }
    }
  }
  // A last partial frame is padded with silence, as Silero's own wrapper does.
  if (filled > 0) {
    frame.fill(0, filled);
    const p = await stepper.step(frame);
    segmenter.push(p);
    if (options.keepProbabilities) probs.push(p);
  }
  const durationSeconds = total / SILERO_RATE;
  const result: DetectSpeechResult = {
    segments: segmenter.finish(durationSeconds),
    durationSeconds,
  };
  if (options.keepProbabilities) result.frameProbabilities = Float32Array.from(probs);
  return result;
}
