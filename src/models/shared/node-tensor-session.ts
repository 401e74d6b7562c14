// TensorSession over onnxruntime-node (CLI, integration tests, benches).
// Node-only: never import this from browser code.
import * as ort from 'onnxruntime-node';
import type { TensorData } from '../types';
import { inspectModelIO } from './model-io';
import type { TensorSession } from './tensor-session';

function toTensorData(name: string, tensor: ort.Tensor): TensorData {
  const { type, data, dims } = tensor;
  if (type !== 'float32' && type !== 'int32' && type !== 'int64' && type !== 'uint8') {
    throw new Error(`output "${name}" holds ${type}: only float32, int32, int64, uint8 are read`);
  }
  return { type, data: data as TensorData['data'], dims: [...dims] };
}

export function wrapNodeSession(session: ort.InferenceSession): TensorSession {
  const inputTypes: Record<string, string> = {};
  for (const meta of session.inputMetadata) {
    if (meta.isTensor) inputTypes[meta.name] = meta.type;
  }
  return {
    io: inspectModelIO(session),
    inputTypes,
    async run(feeds) {
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) {
        ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      }
      const results = await session.run(ortFeeds);
      const outputs: Record<string, TensorData> = {};
      for (const [name, t] of Object.entries(results)) outputs[name] = toTensorData(name, t);
      return outputs;
    },
  };
}

/** Opens an .onnx file or bytes with onnxruntime-node. */
export async function openNodeTensorSession(model: string | Uint8Array): Promise<TensorSession> {
  const session =
    typeof model === 'string'
      ? await ort.InferenceSession.create(model)
      : await ort.InferenceSession.create(model);
  return wrapNodeSession(session);
}
