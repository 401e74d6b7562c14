// Tests of re-thresholding on real models: one inference per photo, whose
// raw outputs are then decoded many ways. Node-only (onnxruntime-node).
import * as ort from 'onnxruntime-node';
import type { LoadedModel } from './node-runner';
import type { LetterboxTransform, RgbaImage, TensorData } from './types';

export async function modelOutputs(
  model: LoadedModel,
  image: RgbaImage,
): Promise<{ outputs: Record<string, TensorData>; transform: LetterboxTransform }> {
  const inputName = model.session.inputNames[0];
  if (inputName === undefined) throw new Error('the model has no input');
  const { feeds, transform } = model.family.preprocess(image, model.manifest, inputName);
  const ortFeeds: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) {
    ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
  }
  const results = await model.session.run(ortFeeds);
  const outputs: Record<string, TensorData> = {};
  for (const [name, t] of Object.entries(results)) {
    outputs[name] = { type: 'float32', data: t.data as Float32Array, dims: [...t.dims] };
  }
  return { outputs, transform };
}
