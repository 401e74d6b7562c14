import { describe, expect, it } from 'vitest';
import { certaintyOf, multiLabelCertainty } from '../../core/active';
import { decodeClasses } from '../shared/class-decode';
import { classEvidence, MAX_KEPT_CLASSES } from './class-evidence';

describe('classEvidence', () => {
  it('a full distribution (text classifiers, heads): the three measures of certaintyOf', () => {
    const p = Float32Array.from([0.2, 0.5, 0.3]);
    const e = classEvidence(p, 3)!;
    for (const m of ['least-confidence', 'margin', 'entropy'] as const) {
      expect(e.certainties[m]).toBeCloseTo(certaintyOf([0.2, 0.5, 0.3], m), 6);
    }
    expect(Array.from(e.vector.indices)).toEqual([0, 1, 2]);
  });

  it('keeps at most the 64 likeliest of many classes; the measures are the whole distribution’s', () => {
    const p = Array.from({ length: 100 }, (_, i) => (i === 70 ? 0.5 : 0.5 / 99 + (i % 7) * 1e-4));
    const sum = p.reduce((a, b) => a + b, 0);
    const dist = p.map((v) => v / sum);
    const e = classEvidence(dist, 100)!;
    expect(e.vector.indices).toHaveLength(MAX_KEPT_CLASSES);
    expect(Array.from(e.vector.indices)).toContain(70);
    const kept = Array.from(e.vector.values);
    const dropped = dist.filter((_, i) => !Array.from(e.vector.indices).includes(i));
    expect(Math.min(...kept)).toBeGreaterThanOrEqual(Math.max(...dropped) - 1e-7);
    const indices = Array.from(e.vector.indices);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    for (const m of ['least-confidence', 'margin', 'entropy'] as const) {
      expect(e.certainties[m]).toBeCloseTo(certaintyOf(dist, m), 6);
    }
  });

  it('independent sigmoids (not summing to 1): the multi-label certainty', () => {
    const e = classEvidence([0.9, 0.55, 0.95], 3)!;
    expect(e.certainties.margin).toBeCloseTo(multiLabelCertainty([0.9, 0.55, 0.95]), 6);
    expect(e.certainties.entropy).toBeCloseTo(0.1, 6);
  });

  it('an image classifier keeps a few classes; the measures still equal the whole distribution’s', () => {
    // 10 classes: two likely, the rest small; the raw decode keeps those over 0.05.
    const p = [0.4, 0.3, 0.06, 0.04, 0.04, 0.04, 0.04, 0.03, 0.03, 0.02];
    const candidates = decodeClasses(
      { type: 'float32', data: Float32Array.from(p), dims: [1, 10] },
      'prob',
      'none',
      { width: 4, height: 4 },
      { scaleX: 1, scaleY: 1, padX: 0, padY: 0, srcWidth: 4, srcHeight: 4 },
      { confidence: 0.05, iou: 1, maxDetections: 300 },
    );
    expect(candidates.length).toBe(3);
    const e = classEvidence({ candidates, floor: 0.05, truncated: false }, 10)!;
    for (const m of ['least-confidence', 'margin', 'entropy'] as const) {
      expect(e.certainties[m]).toBeCloseTo(certaintyOf(p, m), 5);
    }
    expect(Array.from(e.vector.indices)).toEqual([0, 1, 2]);
    expect(e.vector.values[1]).toBeCloseTo(0.3, 6);
  });

  it('no class distribution (detections, spans, replies): undefined', () => {
    const boxes = { candidates: [{ kind: 'box', classIndex: 0, score: 0.9 }], floor: 0.05 };
    expect(classEvidence(boxes, 80)).toBeUndefined();
    expect(classEvidence([{ start: 0, end: 3 }], 2)).toBeUndefined();
    expect(classEvidence({ text: 'a reply', score: 0.8 }, 0)).toBeUndefined();
    expect(classEvidence(new Float32Array(0), 0)).toBeUndefined();
  });
});
