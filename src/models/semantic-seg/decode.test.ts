import { describe, expect, it } from 'vitest';
import type { DecodeOptions, MaskCandidate, TensorData } from '../types';
import { computeTransform } from '../shared/preprocess';
import { semanticSegBareModel } from './bare';
import { decodeSemantic } from './decode';
import type { SemanticDecodeSettings } from './meta';
import { tfSegmentationPreprocess } from './meta';

const options: DecodeOptions = { confidence: 0.3, iou: 0, maxDetections: 10 };
const settings: SemanticDecodeSettings = { backgroundIndex: 0, minAreaFraction: 0 };
const CLASSES = 3; // background, cat, dog
const spec = tfSegmentationPreprocess(8, 8);

/** 8×8 class layout: cat on rows 2..5 × cols 2..5, one dog cell at (7, 7), background elsewhere. */
function layout(): number[] {
  return Array.from({ length: 64 }, (_, i) => {
    const x = i % 8;
    const y = Math.floor(i / 8);
    if (x >= 2 && x <= 5 && y >= 2 && y <= 5) return 1;
    return x === 7 && y === 7 ? 2 : 0;
  });
}

/** Logits with 5 for each cell's class and 0 elsewhere, NHWC or NCHW. */
function logits(classes: number[], order: 'NHWC' | 'NCHW'): TensorData {
  const data = new Float32Array(64 * CLASSES);
  classes.forEach((c, i) => {
    data[order === 'NHWC' ? i * CLASSES + c : c * 64 + i] = 5;
  });
  return {
    type: 'float32',
    data,
    dims: order === 'NHWC' ? [1, 8, 8, CLASSES] : [1, CLASSES, 8, 8],
  };
}

// Softmax of (5, 0, 0): the winning class's probability in every cell.
const P = Math.exp(5) / (Math.exp(5) + 2);

describe('semantic segmentation decoding', () => {
  // 16×16 photo stretched to 8×8: cell (x, y) covers original [2x, 2x+2) × [2y, 2y+2).
  const stretch = computeTransform(16, 16, spec);

  it.each(['NHWC', 'NCHW'] as const)(
    'gives one mask per present class (%s), background dropped',
    (order) => {
      const out = decodeSemantic(
        logits(layout(), order),
        'o',
        CLASSES,
        settings,
        spec,
        stretch,
        options,
      );
      expect(out.map((c) => c.classIndex)).toEqual([1, 2]);
      const cat = out[0] as MaskCandidate;
      expect(cat.score).toBeCloseTo(P, 6);
      expect(cat).toMatchObject({ x: 4, y: 4, width: 8, height: 8 });
      expect(cat.mask.placement).toEqual({ x: 4, y: 4, width: 8, height: 8 });
      expect(cat.mask).toMatchObject({ width: 4, height: 4 });
      expect(Array.from(cat.mask.data)).toEqual(Array(16).fill(1));
      expect(out[1]?.mask.placement).toEqual({ x: 14, y: 14, width: 2, height: 2 });
    },
  );

  it('drops classes under the minimum area or the confidence', () => {
    const small = { ...settings, minAreaFraction: 2 / 64 };
    const out = decodeSemantic(
      logits(layout(), 'NHWC'),
      'o',
      CLASSES,
      small,
      spec,
      stretch,
      options,
    );
    expect(out.map((c) => c.classIndex)).toEqual([1]);
    const strict = { ...options, confidence: P + 0.001 };
    expect(
      decodeSemantic(logits(layout(), 'NHWC'), 'o', CLASSES, settings, spec, stretch, strict),
    ).toEqual([]);
    // backgroundIndex null keeps the background as a region too.
    const all = { ...settings, backgroundIndex: null };
    expect(
      decodeSemantic(logits(layout(), 'NHWC'), 'o', CLASSES, all, spec, stretch, options),
    ).toHaveLength(3);
  });

  it('reads probabilities as they are and ignores letterbox padding', () => {
    // A 16×8 photo letterboxed (centred) into 8×8: content rows 2..5, scale 0.5.
    const letterbox = { ...spec, resize: 'letterbox' as const };
    const t = computeTransform(16, 8, letterbox);
    const probs = new Float32Array(64 * CLASSES);
    layout().forEach((c, i) => {
      probs[i * CLASSES + c] = 0.8;
      probs[i * CLASSES + ((c + 1) % CLASSES)] = 0.2;
    });
    const out = decodeSemantic(
      { type: 'float32', data: probs, dims: [1, 8, 8, CLASSES] },
      'o',
      CLASSES,
      settings,
      letterbox,
      t,
      options,
    );
    // The dog cell (row 7) lies in the padding: gone. The cat is rows 2..5 = the whole content height.
    expect(out.map((c) => c.classIndex)).toEqual([1]);
    expect(out[0]?.score).toBeCloseTo(0.8, 6);
    expect(out[0]?.mask.placement).toEqual({ x: 4, y: 0, width: 8, height: 8 });
  });

  it('accepts an argmax label map [1,H,W]', () => {
    const map: TensorData = { type: 'int32', data: Int32Array.from(layout()), dims: [1, 8, 8] };
    const out = decodeSemantic(map, 'o', CLASSES, settings, spec, stretch, options);
    expect(out.map((c) => [c.classIndex, c.score])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });
});

describe('semantic segmentation bare models', () => {
  it('recognises per-pixel class scores laid out like the input', () => {
    const io = {
      inputs: [{ name: 'sub_7', dims: [1, 257, 257, 3] }],
      outputs: [{ name: 'ResizeBilinear_3', dims: [1, 257, 257, 21] }],
    };
    expect(semanticSegBareModel.recognise(io, {})).toMatch(/21 class scores per pixel/);
    const m = semanticSegBareModel.manifest(io, {}, 'deeplab.onnx');
    expect(m).toMatchObject({
      family: 'semantic-seg',
      task: 'semantic',
      preprocess: { width: 257, layout: 'NHWC', resize: 'stretch', mean: [1, 1, 1] },
      decode: { backgroundIndex: 0 },
    });
    expect(m.classNames.slice(0, 2)).toEqual(['background', 'aeroplane']);
    expect(m.preprocess.scale).toBeCloseTo(1 / 127.5);
  });

  it('refuses image-to-image and non-map outputs', () => {
    const image = { name: 'x', dims: [1, 3, 256, 256] };
    const rgb = { inputs: [image], outputs: [{ name: 'y', dims: [1, 3, 256, 256] }] };
    expect(semanticSegBareModel.recognise(rgb, {})).toBeNull();
    const pooled = { inputs: [image], outputs: [{ name: 'y', dims: [1, 1000, 1, 1] }] };
    expect(semanticSegBareModel.recognise(pooled, {})).toBeNull();
  });
});
