import { describe, expect, it } from 'vitest';
import type { ModelManifest, PreprocessSpec } from '../models/types';
import { readBackSize } from './jpeg-scale';
import { decodeTargetOf } from './prepare-image';

const spec: PreprocessSpec = {
  width: 640,
  height: 640,
  resize: 'letterbox',
  anchor: 'center',
  padValue: 114,
  channelOrder: 'RGB',
  scale: 1 / 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  layout: 'NCHW',
};

function manifestFor(task: ModelManifest['task']): ModelManifest {
  return {
    id: task,
    name: task,
    family: 'ultralytics',
    task,
    file: `${task}.onnx`,
    classNames: ['person'],
    preprocess: spec,
    decode: {},
    defaults: { confidence: 0.25, iou: 0.45, maxDetections: 100 },
  };
}

describe('decodeTargetOf', () => {
  it.each(['detect', 'classify', 'pose', 'obb'] as const)(
    '%s models read the pixels back at the input scale',
    (task) => {
      const target = decodeTargetOf(manifestFor(task));
      expect(target).toMatchObject({ width: 640, height: 640, resize: 'letterbox' });
      expect(target.atInputScale).toBe(true);
      // A 1920×1080 decode becomes the 640×360 the letterbox needs.
      expect(readBackSize(1920, 1080, target)).toEqual({ width: 640, height: 360 });
    },
  );

  it.each(['segment', 'semantic'] as const)(
    '%s models keep the decoded size (their masks need the detail)',
    (task) => {
      const target = decodeTargetOf(manifestFor(task));
      expect(target.atInputScale).toBe(false);
      expect(readBackSize(1920, 1080, target)).toEqual({ width: 1920, height: 1080 });
    },
  );
});
