import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModel } from './tiny-onnx';

describe('buildModel', () => {
  it('builds a graph onnxruntime runs (Gather → MatMul)', async () => {
    const bytes = buildModel({
      inputs: [{ name: 'ids', type: 'int64', dims: [1, 'seq'] }],
      outputs: [{ name: 'out', type: 'float32', dims: [1, 'seq', 2] }],
      initializers: [
        { name: 'E', dims: [3, 2], data: Float32Array.of(1, 0, 0, 1, 1, 1) },
        { name: 'W', dims: [2, 2], data: Float32Array.of(2, 0, 0, 3) },
      ],
      nodes: [
        { op: 'Gather', inputs: ['E', 'ids'], outputs: ['h'] },
        { op: 'MatMul', inputs: ['h', 'W'], outputs: ['out'] },
      ],
    });
    const session = await ort.InferenceSession.create(bytes);
    const ids = new ort.Tensor('int64', BigInt64Array.of(2n, 0n), [1, 2]);
    const { out } = await session.run({ ids });
    expect([...(out!.data as Float32Array)]).toEqual([2, 3, 2, 0]);
  });
});
