// Image geometry (fact sheet §3): every coordinate is a percentage of the
// original image size.

import { isFiniteNumber, show, type JsonObject } from './values';

export type GeometryKind = 'rectangle' | 'polygon' | 'keypoint' | 'ellipse' | 'brush';

/** Float noise allowance for "x + width <= 100" style bounds. */
export const EPS = 1e-6;

type Fail = (message: string) => void;

const AXIS: Record<string, string> = {
  x: 'image width',
  width: 'image width',
  radiusX: 'image width',
  y: 'image height',
  height: 'image height',
  radiusY: 'image height',
};

/** Checks `value[key]` is a number in `lo..hi` (percent); returns it when usable. */
export function percentField(
  value: JsonObject,
  key: string,
  fail: Fail,
  where = 'value',
  lo = 0,
  hi = 100,
): number | undefined {
  const v = value[key];
  const axis = AXIS[key] ? ` (percent of the ${AXIS[key]})` : '';
  if (v === undefined) {
    fail(`${where}.${key} is missing: give it as a number in ${lo}..${hi}${axis}`);
    return undefined;
  }
  if (!isFiniteNumber(v)) {
    fail(`${where}.${key} must be a finite number in ${lo}..${hi}${axis}, got ${show(v)}`);
    return undefined;
  }
  if (v < lo - EPS || v > hi + EPS) {
    const hint =
      v > 100 || v < 0
        ? 'coordinates are percentages of the original image, not pixels'
        : `Label Studio's strict validation allows at most ${hi}`;
    fail(`${where}.${key} = ${v} is outside ${lo}..${hi}${axis}; ${hint}`);
    return undefined;
  }
  return v;
}

/** Rotation in degrees; Label Studio writes 0..360. Returns 0 when absent. */
export function rotationField(value: JsonObject, fail: Fail, where = 'value'): number | undefined {
  const r = value['rotation'];
  if (r === undefined) return 0;
  if (!isFiniteNumber(r) || r < 0 || r > 360) {
    fail(`${where}.rotation must be a number of degrees in 0..360, got ${show(r)}`);
    return undefined;
  }
  return r;
}

function positive(v: number | undefined, key: string, fail: Fail, where: string): boolean {
  if (v === undefined) return false;
  if (v <= 0) {
    fail(`${where}.${key} is ${v}: a region needs a size > 0`);
    return false;
  }
  return true;
}

export interface ImageSize {
  width: number;
  height: number;
}

/**
 * Rectangle: x,y top-left, rotated clockwise about that corner. An unrotated
 * box must lie inside the image. A rotated box is kept whole, so its far
 * corners may pass the image edge: Label Studio draws it as given and its
 * strict validator checks only the fields' ranges, so that is not an error.
 */
export function checkRectangleBox(value: JsonObject, fail: Fail, where = 'value'): void {
  const x = percentField(value, 'x', fail, where);
  const y = percentField(value, 'y', fail, where);
  const w = percentField(value, 'width', fail, where);
  const h = percentField(value, 'height', fail, where);
  const rotation = rotationField(value, fail, where);
  const wOk = positive(w, 'width', fail, where);
  const hOk = positive(h, 'height', fail, where);
  if (x === undefined || y === undefined || !wOk || !hOk || rotation === undefined) return;
  if (rotation % 360 !== 0) return;
  const width = w as number;
  const height = h as number;
  if (x + width > 100 + EPS)
    fail(
      `${where}: x + width = ${x + width} exceeds 100: clip the box to the image (width <= 100 - x)`,
    );
  if (y + height > 100 + EPS)
    fail(
      `${where}: y + height = ${y + height} exceeds 100: clip the box to the image (height <= 100 - y)`,
    );
}

export function checkPolygon(value: JsonObject, fail: Fail, where = 'value'): void {
  const points = value['points'];
  if (!Array.isArray(points)) {
    fail(`${where}.points must be a list of [x%, y%] pairs, got ${show(points)}`);
    return;
  }
  if (points.length < 3) {
    fail(`${where}.points has ${points.length} point(s): a polygon needs at least 3`);
  }
  for (let i = 0; i < points.length; i++) {
    const p: unknown = points[i];
    if (!Array.isArray(p) || p.length !== 2 || !p.every(isFiniteNumber)) {
      fail(`${where}.points[${i}] must be a pair [x%, y%] of numbers, got ${show(p)}`);
      return; // one message per polygon is enough to find the bug
    }
    const [px, py] = p as [number, number];
    if (px < -EPS || px > 100 + EPS || py < -EPS || py > 100 + EPS) {
      fail(
        `${where}.points[${i}] = [${px}, ${py}] is outside 0..100: ` +
          `points are percentages of the original image, not pixels`,
      );
      return;
    }
  }
}

export function checkKeypoint(value: JsonObject, fail: Fail, where = 'value'): void {
  percentField(value, 'x', fail, where);
  percentField(value, 'y', fail, where);
  const w = value['width'];
  if (w === undefined) {
    fail(
      `${where}.width is missing: give the point size in percent of the image width ` +
        `(without it the 1.x editor turns the keypoint into a classification)`,
    );
  } else if (!isFiniteNumber(w) || w <= 0 || w > 100) {
    fail(`${where}.width (point size) must be a number in (0, 100], got ${show(w)}`);
  }
}

export function checkEllipse(value: JsonObject, fail: Fail, where = 'value'): void {
  percentField(value, 'x', fail, where);
  percentField(value, 'y', fail, where);
  for (const key of ['radiusX', 'radiusY']) {
    const r = percentField(value, key, fail, where, 0, 50);
    positive(r, key, fail, where);
  }
  rotationField(value, fail, where);
}
