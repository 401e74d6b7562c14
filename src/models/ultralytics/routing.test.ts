// Which family a dropped .onnx goes to, now that segment/pose/obb/classify
// exports leave the box-only Ultralytics family for their own.
import { describe, expect, it } from 'vitest';
import { detectFamily, manifestForBareModel } from '../registry';
import type { ModelIO } from '../shared/model-io';

const input = { name: 'images', dims: [1, 3, 320, 320] };
const meta = (task: string) => ({ author: 'Ultralytics', task, names: "{0: 'person', 1: 'car'}" });
const io = (...outputs: [string, (number | string)[]][]): ModelIO => ({
  inputs: [input],
  outputs: outputs.map(([name, dims]) => ({ name, dims })),
});
const segIO = io(['output0', [1, 116, 2100]], ['output1', [1, 32, 80, 80]]);

describe('routing Ultralytics exports by task', () => {
  it.each([
    ['segment', segIO, 'ultralytics-seg'],
    ['pose', io(['output0', [1, 56, 2100]]), 'ultralytics-pose'],
    ['obb', io(['output0', [1, 7, 2100]]), 'ultralytics-obb'],
    ['classify', io(['output0', [1, 2]]), 'ultralytics-cls'],
    ['detect', io(['output0', [1, 6, 2100]]), 'ultralytics'],
  ])('task %s → %s', (task, modelIO, family) => {
    const guess = detectFamily(modelIO, meta(task));
    expect(guess.family).toBe(family);
    expect(guess.reason).toMatch(/metadata/);
    expect(manifestForBareModel(modelIO, meta(task), 'm.onnx').family).toBe(family);
  });

  it('recognises a -seg export without metadata by its prototype output', () => {
    expect(detectFamily(segIO).family).toBe('ultralytics-seg');
    const m = manifestForBareModel(segIO, {}, 'yolov8n-seg.onnx');
    expect(m.classNames).toHaveLength(80); // 116 − 4 − 32 → COCO names
    expect(m.classNames[0]).toBe('person');
    expect(m.preprocess).toMatchObject({ width: 320, resize: 'letterbox', padValue: 114 });
  });

  it('still sends plain detectors to the detection families', () => {
    expect(detectFamily(io(['output0', [1, 84, 2100]])).family).toBe('ultralytics');
  });

  it('recognises YuNet, DeepLab-style and classifier outputs by shape', () => {
    const yunet: ModelIO = {
      inputs: [{ name: 'input', dims: [1, 3, 'height', 'width'] }],
      outputs: [8, 16, 32].flatMap((s) =>
        ['cls', 'obj', 'bbox', 'kps'].map((h) => ({ name: `${h}_${s}`, dims: [1, 'anchors', 1] })),
      ),
    };
    expect(detectFamily(yunet).family).toBe('yunet');
    const deeplab: ModelIO = {
      inputs: [{ name: 'sub_7', dims: [1, 257, 257, 3] }],
      outputs: [{ name: 'ResizeBilinear_3', dims: [1, 257, 257, 21] }],
    };
    expect(detectFamily(deeplab).family).toBe('semantic-seg');
    const mobilenet: ModelIO = {
      inputs: [{ name: 'input', dims: ['batch_size', 3, 224, 224] }],
      outputs: [{ name: 'output', dims: ['batch_size', 1000] }],
    };
    expect(detectFamily(mobilenet).family).toBe('classification');
  });
});
