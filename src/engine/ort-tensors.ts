// Conversions between the runtime-neutral TensorData of src/models and ORT tensors.

import * as ort from 'onnxruntime-web';
import type { TensorData } from '../models/types';

export function toOrtFeeds(feeds: Record<string, TensorData>): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    out[name] = new ort.Tensor(t.type, t.data, t.dims);
  }
  return out;
}

export function fromOrtOutputs(
  outputs: ort.InferenceSession.OnnxValueMapType,
): Record<string, TensorData> {
  const out: Record<string, TensorData> = {};
  for (const [name, value] of Object.entries(outputs)) {
    const tensor = value as ort.Tensor;
    const type = tensor.type;
    if (type !== 'float32' && type !== 'int32' && type !== 'int64' && type !== 'uint8') {
      throw new Error(`output "${name}" has type ${type}, which no model family reads`);
    }
    out[name] = { type, data: tensor.data as TensorData['data'], dims: [...tensor.dims] };
  }
  return out;
}
