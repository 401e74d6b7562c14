// Speech recognition over a whole file or over given regions (the VAD's),
// streamed: only the open region (or one 30 s window) is in memory.

import type { PcmChunk } from '../../core/audio/pcm';
import { samplesOfSpans, type TimeSpan } from '../../core/audio/segment-samples';
import type { SpeechText, Transcriber } from './whisper-transcriber';

/** The region as given (its own score kept) plus its transcript and the transcript's score. */
export type RegionText<S extends TimeSpan> = S & { text: string; textScore: number };

/** Each region's text, in the regions' order. */
export async function transcribeRegions<S extends TimeSpan>(
  chunks: AsyncIterable<PcmChunk>,
  regions: readonly S[],
  transcribe: Transcriber,
): Promise<RegionText<S>[]> {
  const out: RegionText<S>[] = new Array(regions.length);
  for await (const { span, index, samples } of samplesOfSpans(chunks, regions)) {
    const { text, score } = await transcribe(samples);
    out[index] = { ...span, text, textScore: score };
  }
  return out;
}

/** One text for the whole file: chunks (30 s for Whisper) transcribed in turn and joined. */
export async function transcribeWhole(
  chunks: AsyncIterable<PcmChunk>,
  transcribe: Transcriber,
): Promise<SpeechText> {
  const texts: string[] = [];
  let scoreSum = 0;
  let count = 0;
  for await (const chunk of chunks) {
    const { text, score } = await transcribe(chunk.samples);
    if (text) texts.push(text);
    scoreSum += score;
    count++;
  }
  return { text: texts.join(' '), score: count ? scoreSum / count : 0 };
}
