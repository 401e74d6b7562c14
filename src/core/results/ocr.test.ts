import { describe, expect, it } from 'vitest';
import { createIdGenerator } from './ids';
import { ocrRegionResults } from './ocr';

// Names from Label Studio's OCR template: Labels "label", Rectangle "bbox",
// Polygon "poly", TextArea "transcription" (perRegion), all on Image "image".
const base = { toName: 'image', imageWidth: 200, imageHeight: 100, score: 0.83 };

describe('ocrRegionResults', () => {
  it('emits rectangle + labels + textarea sharing one id, each with the geometry', () => {
    const results = ocrRegionResults({
      ...base,
      id: 'o1',
      shape: { fromName: 'bbox', box: { x: 20, y: 10, width: 100, height: 20 } },
      label: { fromName: 'label', labels: ['Text'] },
      textArea: { fromName: 'transcription', text: 'TOTAL 12.50' },
    });
    const geometry = { x: 10, y: 10, width: 50, height: 20, rotation: 0 };
    const image = { original_width: 200, original_height: 100, image_rotation: 0 };
    expect(results).toEqual([
      {
        id: 'o1',
        from_name: 'bbox',
        to_name: 'image',
        type: 'rectangle',
        ...image,
        score: 0.83,
        value: geometry,
      },
      {
        id: 'o1',
        from_name: 'label',
        to_name: 'image',
        type: 'labels',
        ...image,
        score: 0.83,
        value: { ...geometry, labels: ['Text'] },
      },
      {
        id: 'o1',
        from_name: 'transcription',
        to_name: 'image',
        type: 'textarea',
        ...image,
        score: 0.83,
        value: { ...geometry, text: ['TOTAL 12.50'] },
      },
    ]);
  });

  it('supports polygons and label-carrying shape controls; ids differ between regions', () => {
    const nextId = createIdGenerator('t0');
    const a = ocrRegionResults({
      ...base,
      id: nextId(),
      shape: {
        fromName: 'poly',
        points: [
          { x: 0, y: 0 },
          { x: 100, y: 0 },
          { x: 100, y: 50 },
        ],
      },
      textArea: { fromName: 'transcription', text: ['line 1', 'line 2'] },
    });
    const b = ocrRegionResults({
      ...base,
      id: nextId(),
      shape: {
        fromName: 'bbox',
        labels: ['Handwriting'],
        box: { x: 0, y: 60, width: 50, height: 20 },
      },
      textArea: { fromName: 'transcription', text: 'x' },
    });
    expect(a.map((r) => r.type)).toEqual(['polygon', 'textarea']);
    expect(a[1]?.value).toEqual({
      points: [
        [0, 0],
        [50, 0],
        [50, 50],
      ],
      text: ['line 1', 'line 2'],
    });
    expect(b.map((r) => r.type)).toEqual(['rectanglelabels', 'textarea']);
    expect(b[1]?.value).not.toHaveProperty('rectanglelabels');
    expect(new Set(a.map((r) => r.id)).size).toBe(1);
    expect(new Set(b.map((r) => r.id)).size).toBe(1);
    expect(a[0]?.id).not.toBe(b[0]?.id);
  });

  it('returns nothing when the shape misses the image', () => {
    expect(
      ocrRegionResults({
        ...base,
        id: 'o9',
        shape: { fromName: 'bbox', box: { x: 500, y: 0, width: 10, height: 10 } },
        textArea: { fromName: 'transcription', text: 'ghost' },
      }),
    ).toEqual([]);
  });
});
