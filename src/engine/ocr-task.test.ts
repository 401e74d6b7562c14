import { describe, expect, it } from 'vitest';
import type { TextCandidate } from '../models/ocr/types';
import { scaleLines } from './ocr-task';

describe('scaleLines', () => {
  it('maps lines read on a downscaled decode back to original pixels', () => {
    const line: TextCandidate = {
      kind: 'text',
      quad: [
        [10, 20],
        [50, 20],
        [50, 30],
        [10, 30],
      ],
      box: { x: 10, y: 20, width: 40, height: 10 },
      text: 'PLATFORM 4',
      score: 0.9,
      detScore: 0.8,
      angle: 0,
    };
    const [scaled] = scaleLines([line], 2, 3);
    expect(scaled?.quad).toEqual([
      [20, 60],
      [100, 60],
      [100, 90],
      [20, 90],
    ]);
    expect(scaled?.box).toEqual({ x: 20, y: 60, width: 80, height: 30 });
    expect(scaled).toMatchObject({ text: 'PLATFORM 4', score: 0.9 });
    expect(scaleLines([line], 1, 1)[0]).toBe(line);
  });
});
