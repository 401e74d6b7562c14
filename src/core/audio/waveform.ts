// A waveform to draw: min/max of the samples per pixel column. Read in one
// streamed pass (the length is not known ahead), kept as min/max per 10 ms
// block (an hour is 360 000 pairs, not 57.6 M samples), then merged into the
// asked number of columns.
import type { PcmChunk } from './pcm';

export interface WaveformColumns {
  min: Float32Array;
  max: Float32Array;
  durationSeconds: number;
}

/** Samples per block at 16 kHz: 10 ms, finer than any column of a drawn file. */
const BLOCK = 160;

export async function waveformOf(
  chunks: AsyncIterable<PcmChunk>,
  columns: number,
): Promise<WaveformColumns> {
  const width = Math.max(1, Math.floor(columns));
  let mins = new Float32Array(1024);
  let maxs = new Float32Array(1024);
  let blocks = 0;
  let inBlock = 0;
  let lo = Infinity;
  let hi = -Infinity;
  let samples = 0;
  let rate = 16000;
  const flush = () => {
    if (blocks === mins.length) {
      const grow = (a: Float32Array) => {
        const b = new Float32Array(a.length * 2);
        b.set(a);
        return b;
      };
      mins = grow(mins);
      maxs = grow(maxs);
    }
    mins[blocks] = lo;
    maxs[blocks] = hi;
    blocks++;
    inBlock = 0;
    lo = Infinity;
    hi = -Infinity;
  };
  for await (const chunk of chunks) {
    rate = chunk.sampleRate;
    for (const v of chunk.samples) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (++inBlock === BLOCK) flush();
    }
    samples += chunk.samples.length;
  }
  if (inBlock > 0) flush();
  const min = new Float32Array(width);
  const max = new Float32Array(width);
  for (let c = 0; c < width && blocks > 0; c++) {
    // Each column takes the blocks whose start falls in it (at least one).
    const from = Math.floor((c * blocks) / width);
    const to = Math.max(from + 1, Math.floor(((c + 1) * blocks) / width));
    let a = Infinity;
    let b = -Infinity;
    for (let i = from; i < Math.min(to, blocks); i++) {
      a = Math.min(a, mins[i]!);
      b = Math.max(b, maxs[i]!);
    }
    min[c] = a === Infinity ? 0 : a;
    max[c] = b === -Infinity ? 0 : b;
  }
  return { min, max, durationSeconds: samples / rate };
}
