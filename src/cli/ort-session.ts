// One session API over onnxruntime-node (native, default) and onnxruntime-web
// (`--backend wasm`: the browser's runtime, in Node, to compare the two paths).
import type { SessionLike } from '../models/shared/model-io';
import type { TensorData } from '../models/types';

export type CliBackend = 'node' | 'wasm';

export interface CliSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  /** Shapes for the models registry (inspectModelIO reads these). */
  inputMetadata: SessionLike['inputMetadata'];
  outputMetadata: SessionLike['outputMetadata'];
  run(feeds: Record<string, TensorData>): Promise<Record<string, TensorData>>;
  release(): Promise<void>;
}

type OrtModule = typeof import('onnxruntime-node');

async function loadOrt(backend: CliBackend): Promise<OrtModule> {
  if (backend === 'node') return import('onnxruntime-node');
  const web = (await import('onnxruntime-web')) as unknown as OrtModule & {
    env: { wasm: { numThreads: number } };
  };
  // Node has no COOP/COEP: ORT-web runs single-threaded here unless told otherwise.
  return web;
}

export async function openSession(bytes: Uint8Array, backend: CliBackend): Promise<CliSession> {
  const ort = await loadOrt(backend);
  const session = await ort.InferenceSession.create(bytes);
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata as SessionLike['inputMetadata'],
    outputMetadata: session.outputMetadata as SessionLike['outputMetadata'],
    async run(feeds) {
      const ortFeeds: Record<string, InstanceType<OrtModule['Tensor']>> = {};
      for (const [name, t] of Object.entries(feeds)) {
        ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
      }
      const results = await session.run(ortFeeds);
      const outputs: Record<string, TensorData> = {};
      for (const [name, t] of Object.entries(results)) {
        const { type, data, dims } = t;
        if (type !== 'float32' && type !== 'int32' && type !== 'int64' && type !== 'uint8') {
          throw new Error(`output "${name}" has type ${type}, which no model family reads`);
        }
        outputs[name] = { type, data: data as TensorData['data'], dims: [...dims] };
      }
      return outputs;
    },
    release: () => session.release(),
  };
}
