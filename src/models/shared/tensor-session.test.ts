import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../test/tiny-onnx';
import type { TensorData } from '../types';
import { idTensor, tensorSessionOf } from './tensor-session';

describe('tensorSessionOf', () => {
  it('adapts a runtime session: IO, input types from ORT metadata, runs with bool feeds', async () => {
    const bytes = buildModel({
      inputs: [
        { name: 'input_ids', type: 'int32', dims: [1, 'seq'] },
        { name: 'flag', type: 'bool', dims: [1] },
      ],
      outputs: [{ name: 'out', type: 'int32', dims: [1, 'seq'] }],
      initializers: [],
      nodes: [{ op: 'Identity', inputs: ['input_ids'], outputs: ['out'] }],
    });
    const session = await ort.InferenceSession.create(bytes);
    const runtime = {
      inputNames: session.inputNames,
      outputNames: session.outputNames,
      inputMetadata: session.inputMetadata as never,
      async run(feeds: Record<string, TensorData>) {
        const out: Record<string, TensorData> = {};
        const tensors = Object.fromEntries(
          Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor(t.type, t.data, t.dims)]),
        );
        for (const [k, t] of Object.entries(await session.run(tensors)))
          out[k] = { type: t.type as 'int32', data: t.data as Int32Array, dims: [...t.dims] };
        return out;
      },
    };
    const adapted = tensorSessionOf(runtime);
    expect(adapted.inputTypes).toEqual({ input_ids: 'int32', flag: 'bool' });
    expect(adapted.io.inputs.map((i) => i.name)).toEqual(['input_ids', 'flag']);
    const ids = idTensor([5, 7], [1, 2], adapted.inputTypes['input_ids']);
    expect(ids.type).toBe('int32');
    const out = await adapted.run({
      input_ids: ids,
      flag: { type: 'bool', data: Uint8Array.of(1), dims: [1] },
    });
    expect([...(out['out']!.data as Int32Array)]).toEqual([5, 7]);
  });
});
