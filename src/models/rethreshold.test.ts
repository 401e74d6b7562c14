import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeClasses } from './shared/class-decode';
import {
  DEFAULT_RAW_PLAN,
  rawCandidates,
  rawDecodeOptions,
  rethreshold,
  type RawCandidate,
  type RawPlan,
  type Suppression,
} from './rethreshold';
import { computeTransform } from './shared/preprocess';
import type { BoxCandidate, DecodeOptions, ModelManifest, TensorData } from './types';
import { decodeDetect, decodeEnd2End } from './ultralytics/detect/decode';
import { ultralyticsFamily } from './ultralytics/detect/family';
import { ultralyticsObbFamily } from './ultralytics/obb/family';
import { ultralyticsPoseFamily } from './ultralytics/pose/family';
import { ultralyticsPreprocess } from './ultralytics/meta';
import { decodeObb } from './ultralytics/obb/decode';
import { decodePose } from './ultralytics/pose/decode';

// The property: decoding once with relaxed options and re-thresholding gives
// exactly what the family's decode gives with the final options, for random
// heads (boxes packed into a small area so NMS has real work) and settings.

const transform = computeTransform(400, 300, ultralyticsPreprocess(320, 320));

/** A manifest whose decode settings are `decode` (suppression rules read only those). */
function manifestWith(decode: Record<string, unknown>): ModelManifest {
  return {
    id: 'm',
    name: 'm',
    family: 'ultralytics',
    task: 'detect',
    file: 'm.onnx',
    classNames: [],
    preprocess: ultralyticsPreprocess(320, 320),
    decode,
    defaults: { confidence: 0.25, iou: 0.7, maxDetections: 300 },
  };
}
const NC = 3;

/** A channel-first head [1, rows, N] from per-anchor columns. */
function head(columns: number[][], rows: number): TensorData {
  const n = columns.length;
  const data = new Float32Array(rows * n);
  columns.forEach((col, i) => col.forEach((v, r) => (data[r * n + i] = v)));
  return { type: 'float32', data, dims: [1, rows, n] };
}

const score = fc.double({ min: 0, max: 1, noNaN: true });
/** cx, cy, w, h in a 120 px square so many boxes overlap. */
const geometry = fc.tuple(
  fc.integer({ min: 100, max: 160 }),
  fc.integer({ min: 100, max: 160 }),
  fc.integer({ min: 10, max: 60 }),
  fc.integer({ min: 10, max: 60 }),
);
const anchors = (extra: fc.Arbitrary<number[]>) =>
  fc.array(fc.tuple(geometry, fc.array(score, { minLength: NC, maxLength: NC }), extra), {
    minLength: 1,
    maxLength: 60,
  });
const noExtra = fc.constant<number[]>([]);

const options: fc.Arbitrary<DecodeOptions> = fc
  .record({
    confidence: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    iou: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    maxDetections: fc.integer({ min: 1, max: 40 }),
    overrides: fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: NC - 1 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
      ),
      {
        maxLength: 2,
      },
    ),
  })
  .map(({ overrides, ...o }) =>
    overrides.length > 0 ? { ...o, classConfidence: Object.fromEntries(overrides) } : o,
  );

/** A plan with room for every candidate, so the result must be exact. */
const roomy: RawPlan = { floor: DEFAULT_RAW_PLAN.floor, cap: 10_000 };

function expectSameAsDirect<C extends RawCandidate>(
  decode: (o: DecodeOptions) => C[],
  o: DecodeOptions,
  suppression: Suppression,
) {
  const relaxed = rawDecodeOptions(o, roomy);
  const raw = rawCandidates(decode(relaxed), relaxed);
  const derived = rethreshold(raw, o, suppression);
  expect(derived.exact).toBe(true);
  expect(derived.candidates).toEqual(decode(o));
}

describe('rethreshold equals a fresh decode', () => {
  it('Ultralytics detect (class-aware NMS, per-class thresholds, cap)', () => {
    fc.assert(
      fc.property(anchors(noExtra), options, (cols, o) => {
        const tensor = head(
          cols.map(([g, s]) => [...g, ...s]),
          4 + NC,
        );
        const decode = (d: DecodeOptions) => decodeDetect(tensor, 'out', NC, true, transform, d);
        expectSameAsDirect(decode, o, ultralyticsFamily.rethreshold.suppression(manifestWith({})));
      }),
      { numRuns: 150 },
    );
  });

  it('Ultralytics end2end (threshold and cap, no NMS)', () => {
    fc.assert(
      fc.property(anchors(noExtra), options, (cols, o) => {
        const rows = cols.map(([[cx, cy, w, h], s]) => {
          const best = s.indexOf(Math.max(...s));
          return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, s[best] as number, best];
        });
        const data = new Float32Array(rows.flat());
        const tensor: TensorData = { type: 'float32', data, dims: [1, rows.length, 6] };
        const decode = (d: DecodeOptions) => decodeEnd2End(tensor, 'out', transform, d);
        expectSameAsDirect(
          decode,
          o,
          ultralyticsFamily.rethreshold.suppression(manifestWith({ end2end: true })),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('oriented boxes (rotated NMS)', () => {
    const angle = fc.double({ min: -1.5, max: 1.5, noNaN: true }).map((a) => [a]);
    fc.assert(
      fc.property(anchors(angle), options, (cols, o) => {
        const tensor = head(
          cols.map(([g, s, a]) => [...g, ...s, ...a]),
          5 + NC,
        );
        const decode = (d: DecodeOptions) => decodeObb(tensor, 'out', NC, transform, d);
        expectSameAsDirect(
          decode,
          o,
          ultralyticsObbFamily.rethreshold.suppression(manifestWith({})),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('pose instances keep their keypoints', () => {
    const kp = fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(anchors(kp), options, (cols, o) => {
        const tensor = head(
          cols.map(([g, s, k]) => [...g, ...s, ...k]),
          4 + NC + 6,
        );
        const layout = { classCount: NC, keypointCount: 2, valuesPerKeypoint: 3 as const };
        const decode = (d: DecodeOptions) => decodePose(tensor, 'out', layout, transform, d);
        expectSameAsDirect(
          decode,
          o,
          ultralyticsPoseFamily.rethreshold.suppression(manifestWith({})),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('classification: the top class always, others by threshold', () => {
    const logits = fc.array(fc.double({ min: -5, max: 5, noNaN: true }), {
      minLength: 2,
      maxLength: 12,
    });
    fc.assert(
      fc.property(logits, options, (values, o) => {
        const tensor: TensorData = {
          type: 'float32',
          data: new Float32Array(values),
          dims: [1, values.length],
        };
        const decode = (d: DecodeOptions) =>
          decodeClasses(tensor, 'out', 'softmax', { width: 320, height: 320 }, transform, d);
        expectSameAsDirect(decode, o, 'class-aware');
      }),
      { numRuns: 100 },
    );
  });
});

describe('rethreshold', () => {
  const box = (score: number, x: number, classIndex = 0): BoxCandidate => ({
    kind: 'box',
    classIndex,
    score,
    x,
    y: 0,
    width: 10,
    height: 10,
  });

  it('a lower IoU threshold removes overlaps the run kept; a higher confidence removes weak boxes', () => {
    // IoU of boxes 2 px apart: 80/120 ≈ 0.67.
    const raw = {
      candidates: [box(0.9, 0), box(0.8, 2), box(0.3, 50)],
      floor: 0.05,
      truncated: false,
    };
    const loose = { confidence: 0.25, iou: 0.7, maxDetections: 10 };
    expect(rethreshold(raw, loose, 'class-aware').candidates.map((c) => c.score)).toEqual([
      0.9, 0.8, 0.3,
    ]);
    const tight = { confidence: 0.5, iou: 0.5, maxDetections: 10 };
    expect(rethreshold(raw, tight, 'class-aware').candidates.map((c) => c.score)).toEqual([0.9]);
    // Class-aware: the same overlap in another class survives.
    const mixed = { ...raw, candidates: [box(0.9, 0), box(0.8, 2, 1)] };
    expect(rethreshold(mixed, tight, 'class-aware').candidates).toHaveLength(2);
  });

  it('says when the kept list cannot be exact', () => {
    const candidates = [box(0.9, 0), box(0.6, 40), box(0.4, 80)];
    const full = { candidates, floor: 0.3, truncated: true };
    const o = { confidence: 0.5, iou: 0.5, maxDetections: 10 };
    // Every box at or above 0.5 is before the cut (the last kept scores 0.4).
    expect(rethreshold(full, o, 'class-aware').exact).toBe(true);
    // At 0.35 a missing box between 0.35 and 0.4 could exist.
    expect(rethreshold(full, { ...o, confidence: 0.35 }, 'class-aware').exact).toBe(false);
    // …unless the cap is reached before the cut.
    expect(
      rethreshold(full, { ...o, confidence: 0.35, maxDetections: 2 }, 'class-aware').exact,
    ).toBe(true);
    // A list a byte budget cut to nothing proves nothing.
    const empty = { candidates: [], floor: 0.3, truncated: true };
    expect(rethreshold(empty, o, 'class-aware').exact).toBe(false);
    // Below the floor nothing is known.
    const partial = { candidates, floor: 0.3, truncated: false };
    expect(rethreshold(partial, { ...o, confidence: 0.2 }, 'class-aware').exact).toBe(false);
    expect(rethreshold(partial, { ...o, confidence: 0.3 }, 'class-aware').exact).toBe(true);
  });

  it('relaxed options keep the lower of the floor and any class threshold, and suppress nothing', () => {
    expect(rawDecodeOptions({ confidence: 0.5, iou: 0.5, maxDetections: 20 })).toEqual({
      confidence: 0.05,
      iou: 1,
      maxDetections: 300,
    });
    const o = { confidence: 0.5, iou: 0.5, maxDetections: 20, classConfidence: { 2: 0.01 } };
    expect(rawDecodeOptions(o).confidence).toBe(0.01);
  });

  it('marks a relaxed decode that filled its cap as truncated', () => {
    const relaxed = rawDecodeOptions(
      { confidence: 0.5, iou: 0.5, maxDetections: 5 },
      { floor: 0.1, cap: 2 },
    );
    expect(rawCandidates([box(0.9, 0), box(0.8, 20)], relaxed).truncated).toBe(true);
    expect(rawCandidates([box(0.9, 0)], relaxed).truncated).toBe(false);
  });
});
