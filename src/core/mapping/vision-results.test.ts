import { describe, expect, it } from 'vitest';
import { decodeRle } from '../results/brush';
import { createIdGenerator } from '../results/ids';
import { classesToResults } from './classes-to-results';
import { keypointsToResults } from './keypoints-to-results';
import { masksToResults } from './masks-to-results';
import type { DetectedClass, DetectedMask } from './vision-candidates';

const image = { width: 100, height: 50 };

/** A 4×2 grid over original x 20..60, y 10..30 (cells of 10×10 px); the left 2×2 cells on. */
const square: DetectedMask = {
  kind: 'mask',
  classIndex: 0,
  score: 0.8,
  x: 20,
  y: 10,
  width: 40,
  height: 20,
  mask: {
    width: 4,
    height: 2,
    data: Uint8Array.from([1, 1, 0, 0, 1, 1, 0, 0]),
    placement: { x: 20, y: 10, width: 40, height: 20 },
  },
};

const polygonTarget = {
  fromName: 'poly',
  toName: 'image',
  hasLabels: true,
  kind: 'polygon' as const,
};
const brushTarget = { fromName: 'brush', toName: 'image', hasLabels: true, kind: 'mask' as const };

describe('masksToResults', () => {
  it('outlines the mask as a polygon in percent of the original image', () => {
    const { results, sources } = masksToResults(
      [square],
      ['cat'],
      { cat: 'Cat' },
      polygonTarget,
      image,
      createIdGenerator('t0'),
    );
    expect(sources).toEqual([0]);
    expect(results[0]).toMatchObject({
      type: 'polygonlabels',
      from_name: 'poly',
      score: 0.8,
      // Cells 0..2 × 0..2 → px 20..40 × 10..30 → x 20..40 %, y 20..60 %.
      value: {
        points: [
          [20, 20],
          [40, 20],
          [40, 60],
          [20, 60],
        ],
        polygonlabels: ['Cat'],
      },
    });
  });

  it('paints exactly the mask’s pixels of the original image as a brush', () => {
    const { results } = masksToResults(
      [square],
      ['cat'],
      { cat: 'Cat' },
      brushTarget,
      image,
      createIdGenerator('t0'),
    );
    const value = results[0]?.value as { rle: number[]; brushlabels: string[]; format: string };
    expect(value.format).toBe('rle');
    expect(value.brushlabels).toEqual(['Cat']);
    const rgba = decodeRle(value.rle);
    expect(rgba.length).toBe(100 * 50 * 4);
    for (let y = 0; y < 50; y++) {
      for (let x = 0; x < 100; x++) {
        const inside = x >= 20 && x < 40 && y >= 10 && y < 30;
        expect(rgba[(y * 100 + x) * 4 + 3]).toBe(inside ? 255 : 0);
      }
    }
  });

  it('drops masks under the minimum area (original pixels) and unmapped classes', () => {
    for (const target of [polygonTarget, brushTarget]) {
      const small = masksToResults(
        [square],
        ['cat'],
        { cat: 'Cat' },
        target,
        image,
        createIdGenerator('t'),
        {
          minArea: 401,
        },
      );
      expect(small.results).toEqual([]);
      const unmapped = masksToResults(
        [square],
        ['cat'],
        { cat: null },
        target,
        image,
        createIdGenerator('t'),
      );
      expect(unmapped).toMatchObject({ results: [], unmapped: { cat: 1 } });
    }
  });

  it('gives each connected component a polygon when asked (semantic masks)', () => {
    const twoBlobs: DetectedMask = {
      ...square,
      mask: { ...square.mask, data: Uint8Array.from([1, 0, 0, 1, 1, 0, 0, 0]) },
    };
    const run = (allComponents: boolean) =>
      masksToResults(
        [twoBlobs],
        ['cat'],
        { cat: 'Cat' },
        polygonTarget,
        image,
        createIdGenerator('t'),
        {
          allComponents,
        },
      ).results.length;
    expect(run(false)).toBe(1);
    expect(run(true)).toBe(2);
  });
});

describe('classesToResults', () => {
  const names = ['tabby', 'tiger cat', 'espresso', 'cup'];
  const mapping = { tabby: 'Cat', 'tiger cat': 'Cat', espresso: 'Coffee', cup: null };
  const cls = (classIndex: number, score: number): DetectedClass => ({
    kind: 'class',
    classIndex,
    score,
    margin: 0.05,
    entropy: 0.7,
  });
  const classes = [cls(3, 0.35), cls(0, 0.3), cls(1, 0.25), cls(2, 0.1)];
  const single = { fromName: 'choice', toName: 'image', multiple: false };

  it('chooses the label with the highest summed probability', () => {
    const out = classesToResults(classes, names, mapping, single, createIdGenerator('t'));
    expect(out.results).toEqual([
      {
        id: 't_0',
        from_name: 'choice',
        to_name: 'image',
        type: 'choices',
        value: { choices: ['Cat'] },
        score: expect.closeTo(0.55, 6),
      },
    ]);
    expect(out.score).toBeCloseTo(0.55, 6);
    // The top class had no label: worth telling the user.
    expect(out.unmapped).toEqual({ cup: 1 });
  });

  it('scores the task by margin or entropy of the class distribution when asked', () => {
    const run = (scoreMode: 'margin' | 'entropy') =>
      classesToResults(classes, names, mapping, single, createIdGenerator('t'), { scoreMode })
        .score;
    expect(run('margin')).toBeCloseTo(0.05, 9);
    expect(run('entropy')).toBeCloseTo(0.3, 9);
  });

  it('lists every label above the threshold for choice="multiple"', () => {
    const multiple = { ...single, multiple: true };
    const run = (threshold: number) =>
      classesToResults(classes, names, mapping, multiple, createIdGenerator('t'), { threshold })
        .results[0]?.value.choices;
    expect(run(0.5)).toEqual(['Cat']);
    expect(run(0.05)).toEqual(['Cat', 'Coffee']);
    expect(run(0.9)).toBeUndefined();
  });
});

describe('keypointsToResults', () => {
  const instance = {
    kind: 'keypoints' as const,
    classIndex: 0,
    score: 0.8,
    x: 10,
    y: 10,
    width: 50,
    height: 30,
    keypoints: [
      { x: 50, y: 25, score: 0.9 },
      { x: 40, y: 20, score: 0.3 },
      { x: 60, y: 20, score: 0.8 },
    ],
  };
  const names = ['nose', 'left_eye', 'right_eye'];
  const target = { fromName: 'kp', toName: 'image', hasLabels: true };

  it('emits visible, mapped keypoints as regions nested under their box', () => {
    const out = keypointsToResults(
      [instance],
      names,
      { nose: 'Nose', left_eye: 'Left eye', right_eye: null },
      target,
      image,
      createIdGenerator('t'),
      {},
      ['box-1'],
    );
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({
      type: 'keypointlabels',
      parentID: 'box-1',
      value: { x: 50, y: 50, keypointlabels: ['Nose'] },
    });
    expect(out.results[0]?.score).toBeCloseTo(0.72, 9);
    expect(out.results[0]?.value.width).toBeGreaterThan(0);
    // The hidden left eye is simply not shown; the right eye has no label.
    expect(out.unmapped).toEqual({ right_eye: 1 });
  });
});
