// The ONNX runtime, as the predictor sees it: create a session from bytes and
// run it on runtime-neutral tensors. The worker injects onnxruntime-web (with
// its WebGPU → WASM choice), the CLI and tests onnxruntime-node (node-runtime.ts).
import type { SessionLike } from '../shared/model-io';
import type { TensorData } from '../types';

export interface RuntimeSession extends SessionLike {
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
  release(): Promise<void>;
}

/**
 * Runs once on a new session before it is handed out; a runtime may retry on
 * another backend when it throws (the worker falls back from WebGPU to WASM).
 */
export type WarmUp = (session: RuntimeSession) => Promise<void>;

export interface OnnxRuntime {
  /** `label`: the file, for messages. */
  createSession(bytes: Uint8Array, label: string, warmUp: WarmUp): Promise<RuntimeSession>;
}

/** Output tensor types the families read; others are refused by name. */
export function checkedOutputType(name: string, type: string): TensorData['type'] {
  if (type !== 'float32' && type !== 'int32' && type !== 'int64' && type !== 'uint8') {
    throw new Error(`output "${name}" has type ${type}, which no model family reads`);
  }
  return type;
}
