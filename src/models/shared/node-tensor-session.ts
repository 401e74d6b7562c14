// TensorSession in Node: onnxruntime-node (native, default) or
// onnxruntime-web (`wasm`: the browser's runtime, single-threaded in Node, to
// compare the two). Node-only: never import this from browser code.
import { readFile } from 'node:fs/promises';
import type * as OrtNode from 'onnxruntime-node';
import type { TensorData } from '../types';
import type { RunnableSession, TensorSession } from './tensor-session';
import { tensorSessionOf } from './tensor-session';

export type NodeTensorBackend = 'node' | 'wasm';

type Ort = typeof OrtNode;

async function loadOrt(backend: NodeTensorBackend): Promise<Ort> {
  if (backend === 'node') return import('onnxruntime-node');
  return (await import('onnxruntime-web')) as unknown as Ort;
}

function toTensorData(name: string, tensor: OrtNode.Tensor): TensorData {
  const { type, data, dims } = tensor;
  if (type !== 'float32' && type !== 'int32' && type !== 'int64' && type !== 'uint8') {
    throw new Error(`output "${name}" holds ${type}: only float32, int32, int64, uint8 are read`);
  }
  return { type, data: data as TensorData['data'], dims: [...dims] };
}

export function wrapNodeSession(ort: Ort, session: OrtNode.InferenceSession): TensorSession {
  return tensorSessionOf({
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata as RunnableSession['inputMetadata'],
    outputMetadata: session.outputMetadata as RunnableSession['outputMetadata'],
    async run(feeds) {
      const ortFeeds: Record<string, OrtNode.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) {
        ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      }
      const results = await session.run(ortFeeds);
      const outputs: Record<string, TensorData> = {};
      for (const [name, t] of Object.entries(results)) outputs[name] = toTensorData(name, t);
      return outputs;
    },
  });
}

/** Opens an .onnx file (path) or bytes. */
export async function openNodeTensorSession(
  model: string | Uint8Array,
  backend: NodeTensorBackend = 'node',
): Promise<TensorSession> {
  const ort = await loadOrt(backend);
  const bytes = typeof model === 'string' ? new Uint8Array(await readFile(model)) : model;
  return wrapNodeSession(ort, await ort.InferenceSession.create(bytes));
}
