import { describe, expect, it } from 'vitest';
import { ellipseResult } from './ellipse';
import { defaultKeypointWidth, keypointResult } from './keypoint';
import { polygonResult } from './polygon';

const ctl = { fromName: 'poly', toName: 'image', id: 'p1' };

describe('polygonResult', () => {
  it('converts vertices to [x%, y%] of the original size', () => {
    const r = polygonResult({
      ...ctl,
      labels: ['Road'],
      points: [
        { x: 0, y: 0 },
        { x: 200, y: 0 },
        { x: 200, y: 50 },
      ],
      imageWidth: 400,
      imageHeight: 100,
      score: 0.7,
    });
    expect(r).toMatchObject({
      type: 'polygonlabels',
      original_width: 400,
      original_height: 100,
      image_rotation: 0,
      score: 0.7,
      value: {
        points: [
          [0, 0],
          [50, 0],
          [50, 50],
        ],
        polygonlabels: ['Road'],
      },
    });
  });

  it('clamps vertices, drops the closing duplicate, and uses type "polygon" without labels', () => {
    const r = polygonResult({
      ...ctl,
      points: [
        { x: -10, y: -10 },
        { x: 150, y: 20 },
        { x: 50, y: 120 },
        { x: -10, y: -10 },
      ],
      imageWidth: 100,
      imageHeight: 100,
    });
    expect(r?.type).toBe('polygon');
    expect(r?.value.points).toEqual([
      [0, 0],
      [100, 20],
      [50, 100],
    ]);
  });

  it('returns null for degenerate outlines', () => {
    const base = { ...ctl, imageWidth: 100, imageHeight: 100 };
    const line = [
      { x: 0, y: 0 },
      { x: 10, y: 10 },
      { x: 20, y: 20 },
    ];
    expect(polygonResult({ ...base, points: line })).toBeNull();
    expect(polygonResult({ ...base, points: line.slice(0, 2) })).toBeNull();
    // entirely right of the image: clamps onto the right edge → zero area
    const outside = [
      { x: 200, y: 0 },
      { x: 300, y: 0 },
      { x: 300, y: 50 },
    ];
    expect(polygonResult({ ...base, points: outside })).toBeNull();
  });
});

describe('keypointResult', () => {
  it('gives x,y in percent and always a width', () => {
    const r = keypointResult({
      ...ctl,
      labels: ['Nose'],
      point: { x: 320, y: 120 },
      imageWidth: 640,
      imageHeight: 480,
    });
    expect(r?.type).toBe('keypointlabels');
    expect(r?.value).toMatchObject({ x: 50, y: 25, keypointlabels: ['Nose'] });
    expect(r?.value.width).toBeCloseTo(0.5);
  });

  it('honours an explicit width, and scales the default with the image', () => {
    const r = keypointResult({
      ...ctl,
      point: { x: 1, y: 1 },
      width: 2,
      imageWidth: 10,
      imageHeight: 10,
    });
    expect(r?.type).toBe('keypoint');
    expect(r?.value.width).toBe(2);
    // 4000×3000: 0.5 % of 4000 px = 20 px = 0.5 % of width; tiny images get ≥ 2 px
    expect(defaultKeypointWidth(4000, 3000)).toBeCloseTo(0.5);
    expect(defaultKeypointWidth(100, 50)).toBeCloseTo(2);
  });

  it('clamps points slightly outside and rejects non-finite ones', () => {
    const r = keypointResult({
      ...ctl,
      point: { x: -3, y: 105 },
      imageWidth: 100,
      imageHeight: 100,
    });
    expect(r?.value).toMatchObject({ x: 0, y: 100 });
    expect(
      keypointResult({ ...ctl, point: { x: NaN, y: 1 }, imageWidth: 10, imageHeight: 10 }),
    ).toBeNull();
  });
});

describe('ellipseResult', () => {
  it('uses the centre and radii in percent of each axis', () => {
    const r = ellipseResult({
      ...ctl,
      labels: ['Cell'],
      center: { x: 100, y: 50 },
      radiusX: 20,
      radiusY: 10,
      imageWidth: 400,
      imageHeight: 200,
    });
    expect(r?.type).toBe('ellipselabels');
    expect(r?.value).toEqual({
      x: 25,
      y: 25,
      radiusX: 5,
      radiusY: 5,
      rotation: 0,
      ellipselabels: ['Cell'],
    });
  });

  it('clamps radii to 50 % and rejects empty ellipses', () => {
    const r = ellipseResult({
      ...ctl,
      center: { x: 50, y: 50 },
      radiusX: 80,
      radiusY: 30,
      rotation: -90,
      imageWidth: 100,
      imageHeight: 100,
    });
    expect(r?.type).toBe('ellipse');
    expect(r?.value).toMatchObject({ radiusX: 50, radiusY: 30, rotation: 270 });
    const zero = {
      ...ctl,
      center: { x: 1, y: 1 },
      radiusX: 0,
      radiusY: 3,
      imageWidth: 10,
      imageHeight: 10,
    };
    expect(ellipseResult(zero)).toBeNull();
  });
});
