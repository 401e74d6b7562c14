import { describe, expect, it } from 'vitest';
import { messages, rect } from './test-fixtures';

const box = (
  value: Record<string, unknown>,
  size = { original_width: 640, original_height: 480 },
) => ({
  ...rect(),
  ...size,
  value: { rectanglelabels: ['Car'], ...value },
});

describe('rectangles', () => {
  it('accepts a box touching the image edges', () => {
    expect(messages([box({ x: 0, y: 0, width: 100, height: 100, rotation: 0 })])).toEqual([]);
    // float noise below 1e-6 is tolerated
    expect(messages([box({ x: 70.1, y: 0, width: 29.900000001, height: 10 })])).toEqual([]);
  });

  it('rejects coordinates outside 0..100 and says they are percentages', () => {
    expect(messages([box({ x: 320, y: 20, width: 30, height: 40 })])).toEqual([
      expect.stringMatching(
        /value\.x = 320 is outside 0\.\.100 \(percent of the image width\); coordinates are percentages of the original image, not pixels/,
      ),
    ]);
    expect(messages([box({ x: 10, y: -3, width: 30, height: 40 })])).toEqual([
      expect.stringMatching(/value\.y = -3 is outside/),
    ]);
  });

  it('rejects a box that runs past the right or bottom edge', () => {
    expect(messages([box({ x: 80, y: 0, width: 30, height: 10 })])).toEqual([
      expect.stringMatching(/x \+ width = 110 exceeds 100: clip the box/),
    ]);
    expect(messages([box({ x: 0, y: 90, width: 10, height: 10.01 })])).toEqual([
      expect.stringMatching(/y \+ height = 100\.01 exceeds 100/),
    ]);
  });

  it('rejects missing, non-numeric and zero sizes', () => {
    expect(messages([box({ x: 1, y: 1, width: 10 })])).toEqual([
      expect.stringMatching(/value\.height is missing/),
    ]);
    expect(messages([box({ x: 1, y: 1, width: '10', height: 5 })])).toEqual([
      expect.stringMatching(/value\.width must be a finite number in 0\.\.100/),
    ]);
    expect(messages([box({ x: 1, y: 1, width: 0, height: 5 })])).toEqual([
      expect.stringMatching(/value\.width is 0: a region needs a size > 0/),
    ]);
  });

  it('requires a rotation in 0..360 degrees', () => {
    expect(messages([box({ x: 10, y: 10, width: 10, height: 10, rotation: 360 })])).toEqual([]);
    for (const rotation of [-10, 400, Number.NaN, '0']) {
      expect(messages([box({ x: 10, y: 10, width: 10, height: 10, rotation })])).toEqual([
        expect.stringMatching(/value\.rotation must be a number of degrees in 0\.\.360/),
      ]);
    }
  });

  it('lets a rotated box reach past the image edge, as Label Studio draws it whole', () => {
    // Anchor (80, 10) inside; rotated 90 degrees the box spans x 70..80, and
    // x + width = 120 is no bound for a rotated box.
    expect(messages([box({ x: 80, y: 10, width: 40, height: 10, rotation: 90 })])).toEqual([]);
    // Far corners at x < 0: still loaded as given (the strict validator checks fields only).
    expect(messages([box({ x: 5, y: 10, width: 10, height: 20, rotation: 90 })])).toEqual([]);
    // The fields themselves stay in range.
    expect(messages([box({ x: 5, y: 10, width: 120, height: 20, rotation: 30 })])).toEqual([
      expect.stringMatching(/value\.width = 120 is outside 0\.\.100/),
    ]);
  });
});

describe('plain Rectangle control (no labels)', () => {
  const plain = {
    ...rect(),
    from_name: 'bbox',
    type: 'rectangle',
    value: { x: 1, y: 2, width: 3, height: 4, rotation: 0 },
  };
  it('accepts geometry only', () => expect(messages([plain])).toEqual([]));
  it('rejects a label list on a control that has no labels', () => {
    expect(messages([{ ...plain, value: { ...plain.value, rectanglelabels: ['Car'] } }])).toEqual([
      expect.stringMatching(
        /value\.rectanglelabels is not part of a rectangle result: <Rectangle name="bbox"> has no labels/,
      ),
    ]);
  });
});

const polygon = (points: unknown) => ({
  id: 'p1',
  from_name: 'poly',
  to_name: 'image',
  type: 'polygonlabels',
  original_width: 640,
  original_height: 480,
  value: { points, polygonlabels: ['Road'] },
});

describe('polygons', () => {
  it('accepts three or more points in 0..100', () => {
    expect(
      messages([
        polygon([
          [0, 0],
          [100, 0],
          [50, 100],
        ]),
      ]),
    ).toEqual([]);
  });
  it('rejects fewer than 3 points', () => {
    expect(
      messages([
        polygon([
          [0, 0],
          [10, 10],
        ]),
      ]),
    ).toEqual([expect.stringMatching(/has 2 point\(s\): a polygon needs at least 3/)]);
  });
  it('rejects a point outside the image or malformed', () => {
    expect(
      messages([
        polygon([
          [0, 0],
          [100, 0],
          [50, 101],
        ]),
      ]),
    ).toEqual([expect.stringMatching(/value\.points\[2\] = \[50, 101\] is outside 0\.\.100/)]);
    expect(messages([polygon([[0, 0], [100, 0], { x: 1, y: 2 }])])).toEqual([
      expect.stringMatching(/value\.points\[2\] must be a pair \[x%, y%\]/),
    ]);
    expect(messages([polygon('0,0 1,1')])).toEqual([
      expect.stringMatching(/value\.points must be a list/),
    ]);
  });
});

const keypoint = (value: Record<string, unknown>) => ({
  id: 'k1',
  from_name: 'kp',
  to_name: 'image',
  type: 'keypointlabels',
  original_width: 640,
  original_height: 480,
  value: { keypointlabels: ['Nose'], ...value },
});

describe('keypoints', () => {
  it('accepts x, y and width', () =>
    expect(messages([keypoint({ x: 50, y: 50, width: 0.5 })])).toEqual([]));
  it('requires width, explaining what happens without it', () => {
    expect(messages([keypoint({ x: 50, y: 50 })])).toEqual([
      expect.stringMatching(/value\.width is missing: .*turns the keypoint into a classification/),
    ]);
    expect(messages([keypoint({ x: 50, y: 50, width: 0 })])).toEqual([
      expect.stringMatching(/value\.width \(point size\)/),
    ]);
  });
  it('rejects a point outside the image', () => {
    expect(messages([keypoint({ x: 100.5, y: 50, width: 1 })])).toEqual([
      expect.stringMatching(/value\.x = 100\.5 is outside/),
    ]);
  });
});

const ellipse = (value: Record<string, unknown>) => ({
  id: 'e1',
  from_name: 'ell',
  to_name: 'image',
  type: 'ellipselabels',
  original_width: 640,
  original_height: 480,
  value: { ellipselabels: ['Cell'], ...value },
});

describe('ellipses', () => {
  it('accepts centre and radii up to 50', () => {
    expect(messages([ellipse({ x: 50, y: 50, radiusX: 50, radiusY: 10, rotation: 0 })])).toEqual(
      [],
    );
  });
  it('rejects radii above 50 (strict validation) or not positive', () => {
    expect(messages([ellipse({ x: 50, y: 50, radiusX: 60, radiusY: 10 })])).toEqual([
      expect.stringMatching(
        /value\.radiusX = 60 is outside 0\.\.50 .*strict validation allows at most 50/,
      ),
    ]);
    expect(messages([ellipse({ x: 50, y: 50, radiusX: 5, radiusY: 0 })])).toEqual([
      expect.stringMatching(/value\.radiusY is 0/),
    ]);
  });
});
