// A loaded ONNX session seen through runtime-neutral tensors, so text families
// that run a model several times per input (windows, generation steps) work
// the same on onnxruntime-web (worker) and onnxruntime-node (CLI, tests).
import type { TensorData } from '../types';
import type { ModelIO, SessionLike } from './model-io';
import { inspectModelIO } from './model-io';

/** An input tensor: TensorData, or a boolean flag (e.g. `use_cache_branch` of merged decoders). */
export type FeedTensor = TensorData | { type: 'bool'; data: Uint8Array; dims: number[] };

export interface TensorSession {
  /** Input and output names and shapes, in model order. */
  readonly io: ModelIO;
  /** Element type of each input, where the runtime reports it (e.g. `int64`, `float32`). */
  readonly inputTypes: Readonly<Record<string, string>>;
  run(feeds: Record<string, FeedTensor>): Promise<Record<string, TensorData>>;
}

export function hasInput(session: TensorSession, name: string): boolean {
  return session.io.inputs.some((i) => i.name === name);
}

/** Ids as the integer tensor type an input takes (int64 unless the model says int32). */
export function idTensor(ids: ArrayLike<number>, dims: number[], type = 'int64'): TensorData {
  if (type === 'int32') return { type: 'int32', data: Int32Array.from(ids), dims };
  const data = new BigInt64Array(ids.length);
  for (let i = 0; i < ids.length; i++) data[i] = BigInt(ids[i] as number);
  return { type: 'int64', data, dims };
}

/** What any runtime's session offers: the shape onnxruntime-web and -node sessions share. */
export interface RunnableSession extends SessionLike {
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
}

/**
 * A TensorSession over a runtime's session (the worker's onnxruntime-web
 * adapter, the CLI's onnxruntime-node one). Input element types are read from
 * the runtime's metadata when it reports them (ORT does), else int64 ids are
 * assumed. Bool feeds are handed through as they are: ORT takes `bool` tensors.
 */
export function tensorSessionOf(session: RunnableSession): TensorSession {
  const inputTypes: Record<string, string> = {};
  for (const meta of session.inputMetadata ?? []) {
    const type = (meta as { type?: unknown }).type;
    if (typeof type === 'string') inputTypes[meta.name] = type;
  }
  return {
    io: inspectModelIO(session),
    inputTypes,
    run: (feeds) => session.run(feeds as Record<string, TensorData>),
  };
}
