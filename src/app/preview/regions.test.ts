import { describe, expect, it } from 'vitest';
import type { LsResult } from '../../core/results/types';
import { passes, previewItems } from './regions';

const r = (id: string, type: string, value: Record<string, unknown>, score?: number): LsResult => ({
  id,
  type,
  from_name: type,
  to_name: 'image',
  value,
  ...(score !== undefined ? { score } : {}),
});

describe('previewItems', () => {
  it('joins an OCR region: rectangle + label + transcription sharing one id', () => {
    const { shapes, tags } = previewItems([
      r('a', 'rectangle', { x: 10, y: 20, width: 30, height: 5, rotation: 12 }, 0.9),
      r('a', 'labels', { x: 10, y: 20, width: 30, height: 5, labels: ['Text'] }, 0.9),
      r('a', 'textarea', { x: 10, y: 20, width: 30, height: 5, text: ['PLATFORM 4'] }, 0.9),
    ]);
    expect(tags).toEqual([]);
    expect(shapes).toEqual([
      {
        id: 'a',
        kind: 'rect',
        label: 'Text',
        text: 'PLATFORM 4',
        score: 0.9,
        x: 10,
        y: 20,
        width: 30,
        height: 5,
        rotation: 12,
      },
    ]);
  });

  it('draws every geometry kind and shows whole-image choices as tags', () => {
    const { shapes, tags } = previewItems([
      r(
        'p',
        'polygonlabels',
        {
          points: [
            [1, 2],
            [3, 4],
            [5, 1],
          ],
          polygonlabels: ['Car'],
        },
        0.7,
      ),
      r('k', 'keypointlabels', { x: 5, y: 6, width: 1, keypointlabels: ['Nose'] }),
      r('m', 'brushlabels', { format: 'rle', rle: [0], brushlabels: ['Sky'] }, 0.4),
      r('e', 'ellipselabels', { x: 50, y: 50, radiusX: 5, radiusY: 3, ellipselabels: ['Eye'] }),
      r('c', 'choices', { choices: ['Cat', 'Pet'] }, 0.8),
    ]);
    expect(shapes.map((s) => [s.kind, s.label])).toEqual([
      ['polygon', 'Car'],
      ['keypoint', 'Nose'],
      ['mask', 'Sky'],
      ['ellipse', 'Eye'],
    ]);
    expect(tags).toEqual([{ id: 'c', fromName: 'choices', values: ['Cat', 'Pet'], score: 0.8 }]);
    expect(shapes.filter((s) => passes(s, 0.5)).map((s) => s.id)).toEqual(['p', 'k', 'e']);
  });
});
