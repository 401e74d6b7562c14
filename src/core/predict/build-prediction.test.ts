import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../models/types';
import { parseLabelingConfig } from '../config';
import type { VisionCandidate } from '../mapping/vision-candidates';
import { isVisionCandidate } from '../mapping/vision-candidates';
import { pickVisionTargets, VisionTargetError } from '../mapping/vision-targets';
import { buildPrediction, TargetMismatchError } from './build-prediction';
import { scaleCandidate } from './scale-candidates';

// The models' image candidates are what buildPrediction takes (checked by the compiler).
type ImageCandidate = Extract<Candidate, { kind: VisionCandidate['kind'] }>;
const fromModels = (c: ImageCandidate): VisionCandidate => c;

const image = { width: 200, height: 100 };
const base = { image, taskIndex: 3, modelVersion: 'm@1' };

const mask: VisionCandidate = {
  kind: 'mask',
  classIndex: 0,
  score: 0.8,
  x: 40,
  y: 20,
  width: 40,
  height: 40,
  mask: {
    width: 4,
    height: 4,
    data: Uint8Array.from([0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0]),
    placement: { x: 40, y: 20, width: 40, height: 40 },
  },
};

describe('buildPrediction: masks', () => {
  const config = parseLabelingConfig(`<View>
    <Image name="image" value="$image"/>
    <PolygonLabels name="outline" toName="image"><Label value="Person"/></PolygonLabels>
    <BrushLabels name="paint" toName="image"><Label value="Person"/></BrushLabels>
  </View>`);

  it('fills the mask control that comes first, or both when asked', () => {
    const names = { classNames: ['person'] };
    expect(pickVisionTargets(config, 'mask', names).map((t) => t.fromName)).toEqual(['outline']);
    expect(
      pickVisionTargets(config, 'mask', names, { bothMaskForms: true }).map((t) => [
        t.fromName,
        t.kind,
      ]),
    ).toEqual([
      ['outline', 'polygon'],
      ['paint', 'mask'],
    ]);
  });

  it('emits a polygon and a brush that validate, and scores the instance once', () => {
    const targets = pickVisionTargets(
      config,
      'mask',
      { classNames: ['person'] },
      { bothMaskForms: true },
    );
    const out = buildPrediction({
      ...base,
      config,
      candidates: [mask],
      classNames: ['person'],
      targets,
    });
    expect(out.issues).toEqual([]);
    expect(out.prediction.result.map((r) => r.type)).toEqual(['polygonlabels', 'brushlabels']);
    expect(new Set(out.prediction.result.map((r) => r.id)).size).toBe(2);
    expect(out.prediction.score).toBeCloseTo(0.8, 9);
  });
});

describe('buildPrediction: classes', () => {
  const config = parseLabelingConfig(`<View>
    <Image name="image" value="$image"/>
    <Choices name="kind" toName="image" choice="multiple">
      <Choice value="Cat" predicted_values="tabby,tiger cat"/>
      <Choice value="Dog"/>
    </Choices>
  </View>`);
  const classNames = ['tabby', 'tiger cat', 'dog', 'toaster'];
  const cls = (classIndex: number, score: number): VisionCandidate => ({
    kind: 'class',
    classIndex,
    score,
  });

  it('gives one valid Choices result, multiple labels above the threshold', () => {
    const targets = pickVisionTargets(config, 'class', { classNames });
    expect(targets[0]).toMatchObject({ kind: 'choices', multiple: true });
    const out = buildPrediction({
      ...base,
      config,
      candidates: [cls(0, 0.4), cls(1, 0.2), cls(2, 0.3), cls(3, 0.1)],
      classNames,
      targets,
      options: { threshold: 0.25 },
    });
    expect(out.issues).toEqual([]);
    expect(out.prediction.result).toHaveLength(1);
    expect(out.prediction.result[0]?.value).toEqual({ choices: ['Cat', 'Dog'] });
    expect(out.prediction.score).toBeCloseTo(0.6, 9);
  });

  it('refuses candidates no target can show', () => {
    const rect = parseLabelingConfig(`<View><Image name="image" value="$image"/>
      <RectangleLabels name="box" toName="image"><Label value="Cat"/></RectangleLabels></View>`);
    expect(() => pickVisionTargets(rect, 'class', { classNames })).toThrow(VisionTargetError);
    const targets = pickVisionTargets(rect, 'box', { classNames });
    expect(() =>
      buildPrediction({ ...base, config: rect, candidates: [cls(0, 0.9)], classNames, targets }),
    ).toThrow(TargetMismatchError);
  });
});

describe('buildPrediction: keypoints and oriented boxes', () => {
  const config = parseLabelingConfig(`<View>
    <Image name="image" value="$image"/>
    <RectangleLabels name="face" toName="image"><Label value="Face"/></RectangleLabels>
    <KeyPointLabels name="landmark" toName="image">
      <Label value="Nose"/><Label value="Right eye" predicted_values="right_eye"/>
    </KeyPointLabels>
  </View>`);
  const face: VisionCandidate = {
    kind: 'keypoints',
    classIndex: 0,
    score: 0.9,
    x: 50,
    y: 20,
    width: 40,
    height: 50,
    keypoints: [
      { x: 60, y: 35, score: 1 },
      { x: 70, y: 45, score: 1 },
      { x: 80, y: 35, score: 1 },
    ],
  };
  const names = { classNames: ['face'], keypointNames: ['right_eye', 'nose', 'left_eye'] };

  it('emits the box and its mapped keypoints as separate regions nested under it', () => {
    const targets = pickVisionTargets(config, 'keypoints', names);
    expect(targets.map((t) => t.kind)).toEqual(['rectangle', 'keypoint']);
    const out = buildPrediction({ ...base, config, candidates: [face], ...names, targets });
    expect(out.issues).toEqual([]);
    const [box, ...points] = out.prediction.result;
    expect(box?.type).toBe('rectanglelabels');
    expect(points.map((p) => [p.value.keypointlabels, p.parentID])).toEqual([
      [['Right eye'], box?.id],
      [['Nose'], box?.id],
    ]);
    expect(out.unmappedKeypoints).toEqual({ left_eye: 1 });
  });

  it('drops the keypoints of an instance whose class has no label', () => {
    const targets = pickVisionTargets(config, 'keypoints', { ...names, classNames: ['cat'] });
    const out = buildPrediction({
      ...base,
      config,
      candidates: [face],
      ...names,
      classNames: ['cat'],
      targets,
    });
    expect(out.prediction.result).toEqual([]);
    expect(out.unmapped).toEqual({ cat: 1 });
  });

  it('sends a rotated box to a polygon control as its four corners', () => {
    const poly = parseLabelingConfig(`<View><Image name="image" value="$image"/>
      <PolygonLabels name="shape" toName="image"><Label value="Ship"/></PolygonLabels></View>`);
    const ship: VisionCandidate = {
      kind: 'box',
      classIndex: 0,
      score: 0.7,
      x: 100,
      y: 20,
      width: 40,
      height: 20,
      rotation: 90,
    };
    const targets = pickVisionTargets(poly, 'box', { classNames: ['ship'] });
    const out = buildPrediction({
      ...base,
      config: poly,
      candidates: [ship],
      classNames: ['ship'],
      targets,
    });
    expect(out.issues).toEqual([]);
    // Turned 90° clockwise about (100, 20): width runs down, height runs left.
    expect(out.prediction.result[0]?.value.points).toEqual([
      [50, 20],
      [expect.closeTo(50, 9), 60],
      [expect.closeTo(40, 9), 60],
      [40, 20],
    ]);
  });
});

describe('candidate helpers', () => {
  it('scales every kind of geometry to the original image', () => {
    const scaled = scaleCandidate(mask, 2, 3);
    expect(scaled).toMatchObject({ x: 80, y: 60, width: 80, height: 120 });
    if (scaled.kind !== 'mask') throw new Error('kind changed');
    expect(scaled.mask.placement).toEqual({ x: 80, y: 60, width: 80, height: 120 });
    const kp = scaleCandidate(
      {
        kind: 'keypoints',
        classIndex: 0,
        score: 1,
        x: 1,
        y: 1,
        width: 1,
        height: 1,
        keypoints: [{ x: 2, y: 3, score: 1 }],
      },
      2,
      2,
    );
    expect(kp.kind === 'keypoints' && kp.keypoints[0]).toEqual({ x: 4, y: 6, score: 1 });
  });

  it('tells image candidates from other kinds', () => {
    expect(isVisionCandidate(fromModels(mask as ImageCandidate))).toBe(true);
    expect(isVisionCandidate({ kind: 'text' })).toBe(false);
  });
});
