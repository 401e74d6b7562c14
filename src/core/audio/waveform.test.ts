import { describe, expect, it } from 'vitest';
import type { PcmChunk } from './pcm';
import { waveformOf } from './waveform';

async function* chunksOf(samples: Float32Array, size: number): AsyncGenerator<PcmChunk> {
  for (let at = 0; at < samples.length; at += size) {
    yield { samples: samples.subarray(at, at + size), sampleRate: 16000, start: at / 16000 };
  }
}

describe('waveformOf', () => {
  it('gives min/max per column over chunks of any size, and the duration', async () => {
    // 2 s: the first second silent, the second a ±0.5 square wave with one spike.
    const samples = new Float32Array(32000);
    for (let i = 16000; i < 32000; i++) samples[i] = i % 2 ? 0.5 : -0.5;
    samples[31000] = 0.9;
    const wave = await waveformOf(chunksOf(samples, 7000), 4);
    expect(wave.durationSeconds).toBe(2);
    expect(Array.from(wave.min)).toEqual([0, 0, -0.5, -0.5]);
    expect(Array.from(wave.max, (v) => Math.round(v * 10) / 10)).toEqual([0, 0, 0.5, 0.9]);
  });

  it('more columns than blocks: each column shows the block it falls in', async () => {
    const samples = new Float32Array(320).fill(0.25);
    samples[200] = -1;
    const wave = await waveformOf(chunksOf(samples, 320), 4);
    expect(Array.from(wave.max)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(wave.min)).toEqual([0.25, 0.25, -1, -1]);
  });

  it('no samples: flat zero columns, zero duration', async () => {
    const wave = await waveformOf(chunksOf(new Float32Array(0), 10), 3);
    expect(Array.from(wave.min)).toEqual([0, 0, 0]);
    expect(wave.durationSeconds).toBe(0);
  });
});
