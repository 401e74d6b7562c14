// The predictor's runtime in Node: onnxruntime-node (native, default) or
// onnxruntime-web (`wasm`: the browser's runtime, in Node, to compare the two
// paths). Node-only: never import this from browser code.
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { ModelManifest, TensorData } from '../types';
import {
  openModel,
  type OpenOptions,
  type OpenedModel,
  type OpenedTensorModel,
} from './open-model';
import { checkedOutputType, type OnnxRuntime, type RuntimeSession } from './runtime';

export type NodeBackend = 'node' | 'wasm';

type OrtModule = typeof import('onnxruntime-node');

async function loadOrt(backend: NodeBackend): Promise<OrtModule> {
  if (backend === 'node') return import('onnxruntime-node');
  // Node has no COOP/COEP: ORT-web runs single-threaded here.
  return (await import('onnxruntime-web')) as unknown as OrtModule;
}

export function nodeRuntime(backend: NodeBackend = 'node'): OnnxRuntime {
  return {
    async createSession(bytes, _label, warmUp) {
      const ort = await loadOrt(backend);
      const session = await ort.InferenceSession.create(bytes);
      const wrapped: RuntimeSession = {
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        inputMetadata: session.inputMetadata as RuntimeSession['inputMetadata'],
        outputMetadata: session.outputMetadata as RuntimeSession['outputMetadata'],
        async run(feeds) {
          const ortFeeds: Record<string, InstanceType<OrtModule['Tensor']>> = {};
          for (const [name, t] of Object.entries(feeds)) {
            ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
          }
          const results = await session.run(ortFeeds);
          const outputs: Record<string, TensorData> = {};
          for (const [name, t] of Object.entries(results)) {
            const type = checkedOutputType(name, t.type);
            outputs[name] = { type, data: t.data as TensorData['data'], dims: [...t.dims] };
          }
          return outputs;
        },
        release: () => session.release(),
      };
      try {
        await warmUp(wrapped);
      } catch (error) {
        await session.release().catch(() => undefined);
        throw error;
      }
      return wrapped;
    },
  };
}

/** A model on disk: an .onnx file, or a package folder with its manifest. */
export interface ModelFilesOnDisk {
  /** The main .onnx file. */
  modelPath: string;
  /** Folder of a model package (its manifest names the other files). */
  dir?: string;
  manifest?: ModelManifest;
}

/** Opens a model from disk with the predictor on a Node runtime. */
export async function openModelFiles(
  files: ModelFilesOnDisk,
  options: OpenOptions = {},
  backend: NodeBackend = 'node',
): Promise<OpenedModel> {
  const { dir, manifest } = files;
  const readPackageFile = async (name: string) =>
    new Uint8Array(await readFile(dir ? join(dir, name) : name));
  return openModel(
    {
      fileName: basename(files.modelPath),
      ...(manifest ? { manifest } : { bytes: new Uint8Array(await readFile(files.modelPath)) }),
      ...(dir ? { readFile: readPackageFile } : {}),
    },
    options,
    nodeRuntime(backend),
  );
}

/** A package folder (manifest.json) or an .onnx file. */
export async function openModelPath(
  path: string,
  options: OpenOptions = {},
  backend: NodeBackend = 'node',
): Promise<OpenedModel> {
  if (path.endsWith('.onnx')) return openModelFiles({ modelPath: path }, options, backend);
  const manifest = JSON.parse(await readFile(join(path, 'manifest.json'), 'utf8')) as ModelManifest;
  return openModelFiles(
    { modelPath: join(path, manifest.file), dir: path, manifest },
    options,
    backend,
  );
}

/** A single-session .onnx (tests, benches): refuses a package family. */
export async function openModelFile(
  path: string,
  options: OpenOptions = {},
  backend: NodeBackend = 'node',
): Promise<OpenedTensorModel> {
  const model = await openModelFiles({ modelPath: path }, options, backend);
  if (model.family.kind !== 'tensor') throw new Error(`${path}: not a single-session model`);
  return model as OpenedTensorModel;
}

/** One bare session (no family), for code that drives a model itself (VAD, embeddings, benches). */
export function openNodeSession(
  bytes: Uint8Array,
  backend: NodeBackend = 'node',
): Promise<RuntimeSession> {
  return nodeRuntime(backend).createSession(bytes, 'model', async () => undefined);
}
