// A loaded ONNX session seen through runtime-neutral tensors, so text families
// that run a model several times per input (windows, generation steps) work
// the same on onnxruntime-web (worker) and onnxruntime-node (CLI, tests).
import type { TensorData } from '../types';
import type { ModelIO } from './model-io';

export interface TensorSession {
  /** Input and output names and shapes, in model order. */
  readonly io: ModelIO;
  /** Element type of each input, where the runtime reports it (e.g. `int64`, `float32`). */
  readonly inputTypes: Readonly<Record<string, string>>;
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
}

/** The named input, or undefined. */
export function hasInput(session: TensorSession, name: string): boolean {
  return session.io.inputs.some((i) => i.name === name);
}
