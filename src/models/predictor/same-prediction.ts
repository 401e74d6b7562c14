// Tests: two predictions of the same task by two ONNX runtimes (ORT-web's
// WASM and onnxruntime-node) agree up to the runtimes' numeric noise, which
// quantised models show most (ops differ in rounding): every region of one
// has a region of the other with the same control and labels and nearly the
// same geometry, unless its score sits within BORDERLINE of the threshold
// (then it may exist on one side only). Text, choices and the model_version
// must match exactly.
import { expect } from 'vitest';
import { decodeRle } from '../../core/results/brush';
import type { LsPrediction, LsResult } from '../../core/results/types';

/** Scores this close above the threshold may fall below it on the other runtime. */
const BORDERLINE = 0.05;
/** Boxes, outlines and masks of the same region overlap at least this much. */
const MIN_OVERLAP = 0.7;
/** Keypoints within this many percent of the image side. */
const POINT_TOLERANCE = 2;

type Point = [number, number];
type Box = { x: number; y: number; width: number; height: number };

function boxIou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const inter = Math.max(0, w) * Math.max(0, h);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : a.x === b.x && a.y === b.y ? 1 : 0;
}

function bounds(points: Point[]): Box {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

function maskIou(a: number[], b: number[]): number {
  const x = decodeRle(a);
  const y = decodeRle(b);
  let inter = 0;
  let union = 0;
  for (let i = 3; i < Math.max(x.length, y.length); i += 4) {
    const p = (x[i] ?? 0) > 0;
    const q = (y[i] ?? 0) > 0;
    if (p && q) inter++;
    if (p || q) union++;
  }
  return union === 0 ? 1 : inter / union;
}

/** The labels of a result, whatever its type (rectanglelabels, choices…), and its text. */
function identity(r: LsResult): string {
  const { value } = r;
  const named = Object.entries(value)
    .filter(([k, v]) => Array.isArray(v) && typeof v[0] === 'string' && k !== 'points')
    .map(([k, v]) => `${k}=${(v as string[]).join('|')}`);
  return `${r.from_name}/${r.type}/${named.join(',')}`;
}

function sameRegion(a: LsResult, b: LsResult): boolean {
  if (identity(a) !== identity(b)) return false;
  const va = a.value as Record<string, unknown>;
  const vb = b.value as Record<string, unknown>;
  if (Array.isArray(va.rle) && Array.isArray(vb.rle)) {
    return maskIou(va.rle as number[], vb.rle as number[]) >= MIN_OVERLAP;
  }
  if (Array.isArray(va.points) && Array.isArray(vb.points)) {
    return boxIou(bounds(va.points as Point[]), bounds(vb.points as Point[])) >= MIN_OVERLAP;
  }
  if (typeof va.height === 'number' && typeof vb.height === 'number') {
    return boxIou(va as Box, vb as Box) >= MIN_OVERLAP;
  }
  if (typeof va.x === 'number' && typeof vb.x === 'number') {
    return (
      Math.abs((va.x as number) - (vb.x as number)) <= POINT_TOLERANCE &&
      Math.abs((va.y as number) - (vb.y as number)) <= POINT_TOLERANCE
    );
  }
  return true; // choices, text: the identity says it all
}

/** Results of `from` with no same region in `to`, except borderline ones. */
function unmatched(from: LsResult[], to: LsResult[], threshold: number): string[] {
  const free = [...to];
  const problems: string[] = [];
  for (const r of from) {
    const i = free.findIndex((other) => sameRegion(r, other));
    if (i >= 0) free.splice(i, 1);
    else if (!((r.score ?? 1) < threshold + BORDERLINE)) {
      problems.push(`${identity(r)} ${JSON.stringify(r.value).slice(0, 120)}`);
    }
  }
  return problems;
}

/** `threshold`: the run's confidence (regions just above it may be on one side only). */
export function expectSamePrediction(a: LsPrediction, b: LsPrediction, threshold: number): void {
  expect(a.model_version).toBe(b.model_version);
  expect(unmatched(a.result, b.result, threshold), 'in the first only').toEqual([]);
  expect(unmatched(b.result, a.result, threshold), 'in the second only').toEqual([]);
}

/**
 * Task scores agree up to the same noise: a region score within BORDERLINE,
 * which a near miss's certainty (1 − score / threshold) scales by 1 / threshold.
 */
export function expectSameTaskScore(a: LsPrediction, b: LsPrediction, threshold: number): void {
  expect(a.score, 'a task score').toBeTypeOf('number');
  expect(b.score, 'a task score').toBeTypeOf('number');
  const tolerance = BORDERLINE / Math.min(1, Math.max(threshold, BORDERLINE));
  expect(Math.abs(a.score! - b.score!)).toBeLessThanOrEqual(tolerance);
}
