import { describe, expect, it } from 'vitest';
import {
  classNamesFromMetadata,
  isUltralyticsMetadata,
  manifestFromOnnxMetadata,
} from './manifest';

const meta = {
  author: 'Ultralytics',
  task: 'detect',
  stride: '32',
  imgsz: '[480, 640]',
  names: "{0: 'person', 1: 'bicycle', 2: 'car'}",
  end2end: 'False',
  license: 'AGPL-3.0 License (https://ultralytics.com/license)',
  version: '8.4.33',
  args: "{'batch': 1, 'nms': False}",
};

describe('manifestFromOnnxMetadata', () => {
  it('builds a full manifest from metadata and a static input shape', () => {
    const m = manifestFromOnnxMetadata(meta, [1, 3, 320, 416], 'dir/My Model.onnx');
    expect(m).toMatchObject({
      id: 'my-model',
      family: 'ultralytics',
      task: 'detect',
      file: 'dir/My Model.onnx',
      classNames: ['person', 'bicycle', 'car'],
      decode: { end2end: false, stride: 32 },
      defaults: { confidence: 0.25, iou: 0.7, maxDetections: 300 },
      license: meta.license,
    });
    // The static input shape wins over imgsz.
    expect(m.preprocess).toMatchObject({
      width: 416,
      height: 320,
      resize: 'letterbox',
      anchor: 'center',
      padValue: 114,
      channelOrder: 'RGB',
    });
    expect(m.preprocess.scale).toBeCloseTo(1 / 255);
  });

  it('takes imgsz (height, width) for dynamic inputs', () => {
    const m = manifestFromOnnxMetadata(meta, [1, 3, 'height', 'width'], 'm.onnx');
    expect([m.preprocess.width, m.preprocess.height]).toEqual([640, 480]);
  });

  it('reads end2end from the flag or from an nms=True export', () => {
    const flagged = manifestFromOnnxMetadata({ ...meta, end2end: 'True' }, [1, 3, 640, 640], 'm');
    expect(flagged.decode).toMatchObject({ layout: 'end2end', end2end: true });
    expect(
      manifestFromOnnxMetadata({ ...meta, args: "{'nms': True}" }, [1, 3, 640, 640], 'm.onnx')
        .decode.end2end,
    ).toBe(true);
  });

  it('keeps the task for segment models and defaults to detect', () => {
    expect(manifestFromOnnxMetadata({ ...meta, task: 'segment' }, [], 'm.onnx').task).toBe(
      'segment',
    );
    expect(manifestFromOnnxMetadata({ ...meta, task: 'weird' }, [], 'm.onnx').task).toBe('detect');
  });
});

describe('classNamesFromMetadata', () => {
  it('orders by index and fills gaps', () => {
    expect(classNamesFromMetadata("{2: 'c', 0: 'a'}")).toEqual(['a', 'class1', 'c']);
    expect(classNamesFromMetadata(undefined)).toEqual([]);
  });
});

describe('isUltralyticsMetadata', () => {
  it('recognises the exporter by author or by names + task', () => {
    expect(isUltralyticsMetadata({ author: 'Ultralytics' })).toBe(true);
    expect(isUltralyticsMetadata({ names: '{}', task: 'detect' })).toBe(true);
    expect(isUltralyticsMetadata({ producer: 'pytorch' })).toBe(false);
  });
});
