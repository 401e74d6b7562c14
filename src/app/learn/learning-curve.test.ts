import { describe, expect, it } from 'vitest';
import type { LearnVersion } from '../../engine/learn/types';
import { learningCurve } from './learning-curve';

function version(id: number, annotationCount: number, accuracy: number | null, macroF1 = accuracy) {
  return {
    id,
    annotationCount,
    quality: {
      method: accuracy === null ? 'none' : 'k-fold',
      folds: 5,
      examples: annotationCount,
      accuracy,
      macroF1,
    },
  } as LearnVersion;
}

describe('learningCurve', () => {
  it('places each scored version by its annotation count and quality, in count order', () => {
    const g = learningCurve(
      [version(2, 40, 0.9, 0.8), version(1, 10, 0.5, 0.4), version(3, 40, null)],
      336,
      136,
    );
    // plot: x 36…326, y 10…110; counts 0…40
    expect(g.plot).toEqual({ left: 36, right: 326, top: 10, bottom: 110 });
    expect(g.accuracy.map((p) => [p.versionId, p.x, p.y])).toEqual([
      [1, 36 + 290 / 4, 60],
      [2, 326, 20],
    ]);
    expect(g.macroF1.map((p) => p.y)).toEqual([70, 30]);
    expect(g.accuracyPath).toBe('M108.5 60.0 L326.0 20.0');
    expect(g.xTicks.map((t) => t.label)).toEqual(['0', '10', '20', '30', '40']);
    expect(g.yTicks.map((t) => t.label)).toEqual(['0 %', '25 %', '50 %', '75 %', '100 %']);
  });

  it('draws nothing for versions without an estimate', () => {
    const g = learningCurve([version(1, 1, null)]);
    expect(g.accuracy).toEqual([]);
    expect(g.accuracyPath).toBe('');
  });
});
