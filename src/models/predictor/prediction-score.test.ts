// The task score through the predictor's re-derive step, family kind by
// family kind: what the prediction shows weighed against the best candidate
// the thresholds dropped (near misses), for predictions with regions and
// without. Raw candidates are written by hand: the rule, not a model, is
// under test (the real models' parity is in parity.integration.test.ts).
import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../../core/config';
import { pickOcrTarget, pickVisionTargets } from '../../core/mapping';
import type { VisionCandidateKind } from '../../core/mapping/vision-candidates';
import { classificationFamily } from '../classification/family';
import { ocrRawCandidates } from '../ocr/rethreshold';
import { ocrFamily } from '../ocr/family';
import type { RawCandidate, RawCandidates } from '../rethreshold';
import { compactMask } from '../rethreshold-masks';
import type {
  BoxCandidate,
  ClassCandidate,
  DecodeOptions,
  KeypointCandidate,
  ModelManifest,
  TensorFamily,
  TextCandidate,
} from '../types';
import { ultralyticsFamily } from '../ultralytics/detect/family';
import { ultralyticsObbFamily } from '../ultralytics/obb/family';
import { ultralyticsPoseFamily } from '../ultralytics/pose/family';
import { ultralyticsSegFamily } from '../ultralytics/segment/family';
import { rederiveTask } from './rederive';

const CLASSES = ['person', 'cat', 'dog'];
const OPTIONS: DecodeOptions = { confidence: 0.25, iou: 0.45, maxDetections: 100 };
const IMAGE = { width: 400, height: 300 };
const TASK = { index: 0, data: { image: 'x.png' } };

const manifest = (extra: Partial<ModelManifest> = {}): ModelManifest =>
  ({ classNames: CLASSES, decode: {}, defaults: OPTIONS, ...extra }) as ModelManifest;

/** Labels for person and cat only: dog maps to nothing. */
const labels = '<Label value="person"/><Label value="cat"/>';

function run(
  family: TensorFamily,
  kind: VisionCandidateKind,
  xml: string,
  candidates: RawCandidate[],
  options: DecodeOptions = OPTIONS,
  extra: Partial<ModelManifest> = {},
) {
  const config = parseLabelingConfig(`<View><Image name="image" value="$image"/>${xml}</View>`);
  const m = manifest(extra);
  const raw: RawCandidates = {
    candidates: [...candidates].sort((a, b) => b.score - a.score),
    floor: 0.05,
    truncated: false,
  };
  const settings = {
    config,
    targets: pickVisionTargets(config, kind, m),
    options,
    modelVersion: 'm@1',
  };
  const out = rederiveTask({ family, manifest: m }, raw, IMAGE, TASK, settings);
  expect(out.issues).toEqual([]);
  return out.prediction;
}

const box = (classIndex: number, score: number, x: number, y: number): BoxCandidate => ({
  kind: 'box',
  classIndex,
  score,
  x,
  y,
  width: 40,
  height: 40,
});

const RECT = `<RectangleLabels name="label" toName="image">${labels}</RectangleLabels>`;
const detect = (candidates: RawCandidate[], options?: DecodeOptions) =>
  run(ultralyticsFamily, 'box', RECT, candidates, options);

describe('the task score of a detection', () => {
  it('is the regions’ mean confidence when nothing was nearly found', () => {
    const p = detect([box(0, 0.9, 0, 0), box(1, 0.7, 200, 200)]);
    expect(p.result).toHaveLength(2);
    expect(p.score).toBeCloseTo(0.8, 12);
  });

  it('is lowered by a near miss: 1 − its score / the threshold', () => {
    const p = detect([box(0, 0.9, 0, 0), box(1, 0.24, 200, 200)]);
    expect(p.result).toHaveLength(1);
    expect(p.score).toBeCloseTo(1 - 0.24 / 0.25, 12);
  });

  it('ignores a weaker duplicate of a box it shows (suppressed as the decode would)', () => {
    const p = detect([box(0, 0.9, 0, 0), box(0, 0.24, 2, 2)]);
    expect(p.result).toHaveLength(1);
    expect(p.score).toBeCloseTo(0.9, 12);
  });

  it('ignores near misses of classes that map to no label', () => {
    const p = detect([box(0, 0.9, 0, 0), box(2, 0.24, 200, 200)]);
    expect(p.score).toBeCloseTo(0.9, 12);
  });

  it('scores a photo with nothing found: uncertain near the threshold, certain far below', () => {
    const near = detect([box(1, 0.24, 10, 10)]);
    expect(near.result).toEqual([]);
    expect(near.score).toBeCloseTo(0.04, 12);
    const far = detect([box(1, 0.05, 10, 10)]);
    expect(far.score).toBeCloseTo(0.8, 12);
    const none = detect([]);
    expect(none.result).toEqual([]);
    expect(none.score).toBe(1);
  });

  it('is recomputed by re-thresholding: the near miss shows at a lower threshold', () => {
    const raw = [box(0, 0.9, 0, 0), box(1, 0.24, 200, 200), box(1, 0.1, 100, 0)];
    const at25 = detect(raw);
    const at20 = detect(raw, { ...OPTIONS, confidence: 0.2 });
    expect(at25.score).toBeCloseTo(0.04, 12);
    expect(at20.result).toHaveLength(2);
    // Regions 0.9 and 0.24 (mean 0.57), the near miss 0.1 under 0.2 → 0.5.
    expect(at20.score).toBeCloseTo(0.5, 12);
  });

  it('reads a class’s own threshold', () => {
    const p = detect([box(0, 0.9, 0, 0), box(1, 0.45, 200, 200)], {
      ...OPTIONS,
      classConfidence: { 1: 0.5 },
    });
    expect(p.score).toBeCloseTo(0.1, 12);
  });

  it('follows the run’s aggregation of the regions (min), still capped by a near miss', () => {
    const config = parseLabelingConfig(`<View><Image name="image" value="$image"/>${RECT}</View>`);
    const m = manifest();
    const raw: RawCandidates = {
      candidates: [box(0, 0.9, 0, 0), box(1, 0.6, 200, 200), box(0, 0.2, 300, 0)],
      floor: 0.05,
      truncated: false,
    };
    const settings = {
      config,
      targets: pickVisionTargets(config, 'box', m),
      options: OPTIONS,
      modelVersion: 'm@1',
      scoreMethod: 'min' as const,
    };
    const out = rederiveTask(
      { family: ultralyticsFamily, manifest: m },
      raw,
      IMAGE,
      TASK,
      settings,
    );
    expect(out.prediction.score).toBeCloseTo(Math.min(0.6, 1 - 0.2 / 0.25), 12);
  });
});

describe('the task score of other image families', () => {
  it('oriented boxes: a rotated duplicate is not a near miss, a separate box is', () => {
    const rotated = (score: number, x: number): BoxCandidate => ({
      ...box(0, score, x, 50),
      rotation: 30,
    });
    const xml = `<RectangleLabels name="label" toName="image">${labels}</RectangleLabels>`;
    const dup = run(ultralyticsObbFamily, 'box', xml, [rotated(0.8, 50), rotated(0.2, 51)]);
    expect(dup.score).toBeCloseTo(0.8, 12);
    const apart = run(ultralyticsObbFamily, 'box', xml, [rotated(0.8, 50), rotated(0.2, 250)]);
    expect(apart.score).toBeCloseTo(0.2, 12);
  });

  it('instance masks: the near miss among the masks', () => {
    const mask = (score: number, x: number) => ({
      kind: 'mask' as const,
      classIndex: 1,
      score,
      x,
      y: 0,
      width: 40,
      height: 40,
      mask: compactMask({
        width: 4,
        height: 4,
        data: new Uint8Array(16).fill(1),
        placement: { x, y: 0, width: 40, height: 40 },
      }),
    });
    const xml = `<PolygonLabels name="outline" toName="image">${labels}</PolygonLabels>`;
    const shown = run(ultralyticsSegFamily, 'mask', xml, [mask(0.7, 0), mask(0.15, 200)]);
    expect(shown.result.length).toBeGreaterThan(0);
    expect(shown.score).toBeCloseTo(Math.min(0.7, 1 - 0.15 / 0.25), 12);
    const empty = run(ultralyticsSegFamily, 'mask', xml, [mask(0.2, 200)]);
    expect(empty.result).toEqual([]);
    expect(empty.score).toBeCloseTo(0.2, 12);
  });

  it('keypoint instances: a person just under the threshold', () => {
    const person = (score: number, x: number): KeypointCandidate => ({
      ...box(0, score, x, 0),
      kind: 'keypoints',
      keypoints: [{ x: x + 5, y: 5, score: 0.9 }],
    });
    const xml = `<RectangleLabels name="label" toName="image">${labels}</RectangleLabels>`;
    const p = run(
      ultralyticsPoseFamily,
      'keypoints',
      xml,
      [person(0.8, 0), person(0.2375, 200)],
      OPTIONS,
      { keypointNames: ['nose'] },
    );
    expect(p.result).toHaveLength(1);
    expect(p.score).toBeCloseTo(0.05, 12);
  });

  it('keypoint instances on a keypoint control alone: any near-miss person counts', () => {
    const person = (score: number, x: number): KeypointCandidate => ({
      ...box(2, score, x, 0),
      kind: 'keypoints',
      keypoints: [{ x: x + 5, y: 5, score: 0.9 }],
    });
    const xml = `<KeyPointLabels name="points" toName="image"><Label value="nose"/></KeyPointLabels>`;
    const p = run(
      ultralyticsPoseFamily,
      'keypoints',
      xml,
      [person(0.8, 0), person(0.2, 200)],
      OPTIONS,
      { keypointNames: ['nose'] },
    );
    expect(p.result).toHaveLength(1);
    expect(p.score).toBeCloseTo(0.2, 12);
  });

  describe('classification', () => {
    const cls = (classIndex: number, score: number): ClassCandidate => ({
      kind: 'class',
      classIndex,
      score,
      x: 0,
      y: 0,
      width: 400,
      height: 300,
      margin: 0.25,
      entropy: 0.6,
    });
    const single = `<Choices name="kind" toName="image">${labels}</Choices>`;
    const multiple = `<Choices name="kind" toName="image" choice="multiple">${labels}</Choices>`;

    it('single choice: the top probability, the runner-up is no near miss', () => {
      const p = run(classificationFamily, 'class', single, [cls(1, 0.6), cls(0, 0.35)]);
      expect(p.result[0]?.value.choices).toEqual(['cat']);
      expect(p.score).toBeCloseTo(0.6, 12);
    });

    it('multiple choice: a label just under the 0.5 bar is a near miss', () => {
      const p = run(classificationFamily, 'class', multiple, [cls(1, 0.6), cls(0, 0.35)]);
      expect(p.result[0]?.value.choices).toEqual(['cat']);
      expect(p.score).toBeCloseTo(1 - 0.35 / 0.5, 12);
    });

    it('multiple choice with no label chosen is still scored', () => {
      const p = run(classificationFamily, 'class', multiple, [cls(1, 0.45), cls(0, 0.3)]);
      expect(p.result).toEqual([]);
      expect(p.score).toBeCloseTo(0.1, 12);
    });
  });

  describe('OCR', () => {
    const config = parseLabelingConfig(`<View><Image name="image" value="$image"/>
      <Polygon name="poly" toName="image"/>
      <TextArea name="transcription" toName="image" perRegion="true"/></View>`);
    const line = (score: number, y: number): TextCandidate => ({
      kind: 'text',
      quad: [
        [10, y],
        [60, y],
        [60, y + 10],
        [10, y + 10],
      ],
      box: { x: 10, y, width: 50, height: 10 },
      text: `line ${y}`,
      score,
      detScore: 0.8,
      angle: 0,
    });
    const ocr = (lines: TextCandidate[], minScore: number, scoreMethod?: 'mean') =>
      rederiveTask(
        { family: ocrFamily, manifest: {} as ModelManifest },
        ocrRawCandidates(lines),
        IMAGE,
        TASK,
        {
          config,
          targets: [],
          ocrTarget: pickOcrTarget(config),
          options: { confidence: minScore, iou: 0, maxDetections: 0 },
          modelVersion: 'ocr@1',
          ...(scoreMethod ? { scoreMethod } : {}),
        },
      ).prediction;

    it('is the weakest line, whatever the run’s aggregation', () => {
      const p = ocr([line(0.95, 0), line(0.7, 20), line(0.9, 40)], 0.5, 'mean');
      expect(p.score).toBeCloseTo(0.7, 12);
    });

    it('scores a page where no line reached the minimum from the best line read', () => {
      const p = ocr([line(0.45, 0), line(0.1, 20)], 0.5);
      expect(p.result).toEqual([]);
      expect(p.score).toBeCloseTo(0.1, 12);
    });
  });
});
