import { describe, expect, it } from 'vitest';
import type { PcmChunk } from './pcm';
import { samplesOfSpans } from './segment-samples';

/** 10 Hz "audio" whose sample i is i, in chunks of 7 samples. */
function* ramp(total: number): Generator<PcmChunk> {
  for (let at = 0; at < total; at += 7) {
    const n = Math.min(7, total - at);
    yield {
      samples: Float32Array.from({ length: n }, (_, i) => at + i),
      sampleRate: 10,
      start: at / 10,
    };
  }
}

describe('samplesOfSpans', () => {
  it('cuts each span across chunk boundaries, in start order, as soon as it is complete', async () => {
    const spans = [
      { start: 2.5, end: 3.1, id: 'b' },
      { start: 0.2, end: 0.9, id: 'a' },
      { start: 4.0, end: 9.0, id: 'c' },
    ];
    const got = [];
    for await (const s of samplesOfSpans(ramp(50), spans))
      got.push([s.span.id, s.index, Array.from(s.samples)]);
    expect(got).toEqual([
      ['a', 1, [2, 3, 4, 5, 6, 7, 8]],
      ['b', 0, [25, 26, 27, 28, 29, 30]],
      // Past the end of the 5 s audio: what there is, then silence.
      ['c', 2, [...Array.from({ length: 10 }, (_, i) => 40 + i), ...new Array(40).fill(0)]],
    ]);
  });
});
