import { describe, expect, it } from 'vitest';
import { audioSegmentResult } from './audio';
import {
  choicesResult,
  numberResult,
  ratingResult,
  taxonomyResult,
  textAreaResult,
} from './classification';
import { makePrediction } from './prediction';
import { rectangleResult } from './rectangle';
import { linkToRegion } from './region-link';

const ctl = { fromName: 'ctl', toName: 'obj', id: 'a1' };

describe('audioSegmentResult', () => {
  it('emits seconds, channel and labels as type "labels"', () => {
    const r = audioSegmentResult({
      ...ctl,
      start: 3.1,
      end: 8.2,
      channel: 0,
      labels: ['Speech'],
      score: 0.6,
    });
    expect(r).toEqual({
      id: 'a1',
      from_name: 'ctl',
      to_name: 'obj',
      type: 'labels',
      score: 0.6,
      value: { start: 3.1, end: 8.2, channel: 0, labels: ['Speech'] },
    });
    expect(audioSegmentResult({ ...ctl, start: 1, end: 2, labels: [] })?.value).not.toHaveProperty(
      'channel',
    );
  });

  it('rejects empty or negative segments', () => {
    expect(audioSegmentResult({ ...ctl, start: 2, end: 2, labels: ['x'] })).toBeNull();
    expect(audioSegmentResult({ ...ctl, start: -1, end: 2, labels: ['x'] })).toBeNull();
  });
});

describe('object-level answers', () => {
  it('choices, taxonomy and number carry their value under the type key', () => {
    expect(choicesResult({ ...ctl, choices: ['Positive'], score: 0.9 })).toEqual({
      id: 'a1',
      from_name: 'ctl',
      to_name: 'obj',
      type: 'choices',
      score: 0.9,
      value: { choices: ['Positive'] },
    });
    expect(taxonomyResult({ ...ctl, paths: [['Animal', 'Cat']] }).value).toEqual({
      taxonomy: [['Animal', 'Cat']],
    });
    expect(numberResult({ ...ctl, number: 4.5 })?.value).toEqual({ number: 4.5 });
    expect(numberResult({ ...ctl, number: NaN })).toBeNull();
  });

  it('textarea text is always a list', () => {
    expect(textAreaResult({ ...ctl, text: 'hello' }).value).toEqual({ text: ['hello'] });
    expect(textAreaResult({ ...ctl, text: ['a', 'b'] }).value).toEqual({ text: ['a', 'b'] });
  });

  it('rating is an integer within 0..maxRating', () => {
    expect(ratingResult({ ...ctl, rating: 3.6 })?.value).toEqual({ rating: 4 });
    expect(ratingResult({ ...ctl, rating: 9 })?.value).toEqual({ rating: 5 });
    expect(ratingResult({ ...ctl, rating: 9, maxRating: 10 })?.value).toEqual({ rating: 9 });
    expect(ratingResult({ ...ctl, rating: -2 })?.value).toEqual({ rating: 0 });
  });
});

describe('per-region answers (linkToRegion)', () => {
  const box = rectangleResult({
    id: 'reg7',
    fromName: 'box',
    toName: 'img',
    labels: ['Car'],
    box: { x: 10, y: 10, width: 20, height: 20 },
    imageWidth: 100,
    imageHeight: 100,
  });

  it('shares the region id and repeats its geometry, not its labels', () => {
    if (!box) throw new Error('box expected');
    const choice = linkToRegion(
      box,
      choicesResult({ id: 'tmp', fromName: 'color', toName: 'img', choices: ['Red'] }),
    );
    expect(choice).toEqual({
      id: 'reg7',
      from_name: 'color',
      to_name: 'img',
      type: 'choices',
      original_width: 100,
      original_height: 100,
      image_rotation: 0,
      value: { x: 10, y: 10, width: 20, height: 20, rotation: 0, choices: ['Red'] },
    });
  });

  it('refuses to link across objects', () => {
    if (!box) throw new Error('box expected');
    const other = choicesResult({ id: 'x', fromName: 'c', toName: 'other', choices: ['A'] });
    expect(() => linkToRegion(box, other)).toThrow();
  });
});

describe('makePrediction', () => {
  it('wraps all results in one prediction with model_version and a 0..1 score', () => {
    const results = [choicesResult({ ...ctl, choices: ['A'] })];
    expect(makePrediction(results, 'yolov8n@3f2a', 0.42)).toEqual({
      model_version: 'yolov8n@3f2a',
      score: 0.42,
      result: results,
    });
    expect(makePrediction([], 'm', 1.7).score).toBe(1);
    expect(makePrediction([], 'm', NaN)).not.toHaveProperty('score');
    expect(() => makePrediction([], '')).toThrow();
  });
});
