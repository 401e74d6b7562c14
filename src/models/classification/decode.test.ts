import { describe, expect, it } from 'vitest';
import type { ClassCandidate, DecodeOptions, TensorData } from '../types';
import { ModelLayoutError } from '../shared/errors';
import { computeTransform } from '../shared/preprocess';
import { classificationBareModel } from './bare';
import { decodeClasses } from '../shared/class-decode';
import { imagenetPreprocess } from './meta';
import {
  looksLikeLogits,
  margin,
  normalizedEntropy,
  softmax,
  toProbabilities,
} from '../shared/probabilities';

const scores = (values: number[]): TensorData => ({
  type: 'float32',
  data: Float32Array.from(values),
  dims: [1, values.length],
});

describe('softmax detection', () => {
  it('treats values outside 0..1 or not summing to 1 as logits', () => {
    expect(looksLikeLogits([2.5, -1, 0.3])).toBe(true);
    expect(looksLikeLogits([0.5, 0.3, 0.1])).toBe(true); // sums to 0.9
    expect(looksLikeLogits([0.7, 0.2, 0.1])).toBe(false);
    expect(looksLikeLogits([0.7, 0.2, 0.1 + 0.004])).toBe(false); // int8 rounding tolerated
  });

  it('applies softmax to logits only, unless told otherwise', () => {
    const logits = [2, 1, 0];
    const e = logits.map(Math.exp);
    const sum = e.reduce((a, b) => a + b);
    const p = toProbabilities(logits, 'auto');
    e.forEach((v, i) => expect(p[i]).toBeCloseTo(v / sum, 12));
    expect(Array.from(toProbabilities([0.7, 0.2, 0.1], 'auto'))).toEqual(
      [0.7, 0.2, 0.1].map((v) => expect.closeTo(v, 6)),
    );
    expect(toProbabilities([0], 'sigmoid')[0]).toBe(0.5);
    expect(Array.from(toProbabilities([0.9, 0.8], 'none'))).toEqual([
      expect.closeTo(0.9, 6),
      expect.closeTo(0.8, 6),
    ]);
  });

  it('stays finite for large logits', () => {
    const p = softmax([1000, 999]);
    expect(p[0]).toBeCloseTo(Math.E / (Math.E + 1), 12);
  });

  it('measures margin and normalised entropy', () => {
    expect(margin([0.6, 0.3, 0.1])).toBeCloseTo(0.3, 12);
    expect(normalizedEntropy([1, 0, 0, 0])).toBe(0);
    expect(normalizedEntropy([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(1, 12);
    // Two equal classes out of four: ln 2 / ln 4 = 0.5.
    expect(normalizedEntropy([0.5, 0.5, 0, 0])).toBeCloseTo(0.5, 12);
  });
});

describe('classification decoding', () => {
  const spec = imagenetPreprocess();
  // 400×300 → short side to 256 (341×256), centre crop 224: the model sees
  // 224/256 of the short side, i.e. a 262.5-px square in the middle.
  const transform = computeTransform(400, 300, spec);
  const options: DecodeOptions = { confidence: 0.2, iou: 0, maxDetections: 3 };
  const decode = (values: number[], o = options) =>
    decodeClasses(scores(values), 'out', 'auto', spec, transform, o);

  it('keeps the top class always and others above the confidence, best first', () => {
    const got = decode([0.05, 0.5, 0.3, 0.15]);
    expect(got.map((c) => [c.classIndex, c.score])).toEqual([
      [1, expect.closeTo(0.5, 6)],
      [2, expect.closeTo(0.3, 6)],
    ]);
    // A confident threshold still leaves the top class (its low score is the task's doubt).
    expect(decode([0.05, 0.5, 0.3, 0.15], { ...options, confidence: 0.9 })).toHaveLength(1);
  });

  it('caps the count and carries the distribution’s margin and entropy', () => {
    const got = decode([0.3, 0.3, 0.2, 0.2], { ...options, confidence: 0 });
    expect(got).toHaveLength(3);
    expect(got[0]?.margin).toBeCloseTo(0, 6);
    expect(got[0]?.entropy).toBeGreaterThan(0.95);
  });

  it('reports the centre crop it saw in original pixels', () => {
    const [c] = decode([0.1, 0.9]) as ClassCandidate[];
    expect(c?.width).toBeCloseTo(224 / transform.scaleX, 6);
    expect(c?.height).toBeCloseTo(224 / transform.scaleY, 6);
    expect(c?.height).toBeCloseTo(262.5, 0);
    // Centred on the photo, within the half input pixel an integer crop offset costs.
    const centre = (c?.x ?? 0) + (c?.width ?? 0) / 2;
    expect(Math.abs(centre - 200)).toBeLessThanOrEqual(0.5 / transform.scaleX + 1e-9);
    // 256 − 224 = 32 rows are cut, 16 of them above.
    expect(c?.y).toBeCloseTo(16 / transform.scaleY, 6);
  });

  it('refuses an output that is not one score per class', () => {
    const map: TensorData = { type: 'float32', data: new Float32Array(8), dims: [1, 2, 2, 2] };
    expect(() => decodeClasses(map, 'out', 'auto', spec, transform, options)).toThrow(
      ModelLayoutError,
    );
  });
});

describe('classification bare models', () => {
  const input = { name: 'input', dims: ['batch_size', 3, 224, 224] };

  it('recognises a [batch, classes] output and uses the ImageNet pipeline', () => {
    const io = { inputs: [input], outputs: [{ name: 'output', dims: ['batch_size', 1000] }] };
    expect(classificationBareModel.recognise(io, {})).toMatch(/1000 classes/);
    const m = classificationBareModel.manifest(io, {}, 'mobilenetv2-12-int8.onnx');
    expect(m).toMatchObject({
      family: 'classification',
      task: 'classify',
      preprocess: { width: 224, height: 224, resize: 'crop', cropRatio: 0.875 },
    });
    expect(m.classNames).toHaveLength(1000);
    expect(m.license).toBeUndefined();
  });

  it('leaves models whose metadata names a task (Ultralytics exports) to their family', () => {
    const io = { inputs: [input], outputs: [{ name: 'output0', dims: [1, 2] }] };
    expect(classificationBareModel.recognise(io, {})).not.toBeNull();
    expect(classificationBareModel.recognise(io, { task: 'classify', names: '{}' })).toBeNull();
  });

  it('ignores detection and multi-output models', () => {
    const det = { inputs: [input], outputs: [{ name: 'o', dims: [1, 84, 8400] }] };
    expect(classificationBareModel.recognise(det, {})).toBeNull();
    const two = {
      inputs: [input],
      outputs: [
        { name: 'a', dims: [1, 10] },
        { name: 'b', dims: [1, 4] },
      ],
    };
    expect(classificationBareModel.recognise(two, {})).toBeNull();
  });
});
