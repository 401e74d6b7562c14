import { describe, expect, it } from 'vitest';
import { ultralyticsClsBareModel } from './bare';

describe('Ultralytics -cls bare models', () => {
  it('takes Ultralytics -cls metadata: names and a plain /255 centre crop', () => {
    const io = {
      inputs: [{ name: 'images', dims: [1, 3, 224, 224] }],
      outputs: [{ name: 'output0', dims: [1, 2] }],
    };
    const meta = {
      author: 'Ultralytics',
      task: 'classify',
      names: "{0: 'cat', 1: 'dog'}",
      imgsz: '[224, 224]',
    };
    expect(ultralyticsClsBareModel.recognise(io, meta)).toMatch(/task classify/);
    expect(ultralyticsClsBareModel.recognise(io, { ...meta, task: 'detect' })).toBeNull();
    expect(ultralyticsClsBareModel.manifest(io, meta, 'yolo11n-cls.onnx')).toMatchObject({
      classNames: ['cat', 'dog'],
      preprocess: { resize: 'crop', cropRatio: 1, mean: [0, 0, 0], std: [1, 1, 1] },
    });
  });
});
