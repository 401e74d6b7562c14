import { describe, expect, it } from 'vitest';
import { angleFromProbability, clsWindows, upsideDownProbabilities } from './cls';

describe('cls decoding', () => {
  it("reads the '180' column of an [N,2] output", () => {
    const data = new Float32Array([0.95, 0.05, 0.05, 0.95, 0.3, 0.7]);
    const p = upsideDownProbabilities({ type: 'float32', data, dims: [3, 2] });
    expect(p.map((v) => +v.toFixed(2))).toEqual([0.05, 0.95, 0.7]);
  });

  it("flips only when '180' wins with at least the threshold", () => {
    expect(angleFromProbability(0.95, 0.9)).toBe(180);
    expect(angleFromProbability(0.7, 0.9)).toBe(0);
    expect(angleFromProbability(0.7, 0.6)).toBe(180);
    expect(angleFromProbability(0.4, 0.3)).toBe(0);
  });

  it('refuses outputs that are not [N,2]', () => {
    expect(() =>
      upsideDownProbabilities({ type: 'float32', data: new Float32Array(3), dims: [1, 3] }),
    ).toThrow();
  });
});

describe('clsWindows', () => {
  it('keeps a short line whole', () => {
    expect(clsWindows(150, 192, 4)).toEqual([{ x: 0, width: 150 }]);
  });

  it('covers a long line with full windows from its start to its end', () => {
    const w = clsWindows(500, 192, 4);
    expect(w).toHaveLength(3);
    expect(w[0]).toEqual({ x: 0, width: 192 });
    expect(w[2]!.x + w[2]!.width).toBe(500);
  });

  it('uses at most maxWindows windows', () => {
    const w = clsWindows(768, 192, 4);
    expect(w.map((x) => x.x)).toEqual([0, 192, 384, 576]);
    expect(clsWindows(768, 192, 2)).toHaveLength(2);
  });
});
