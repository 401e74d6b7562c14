// Speech-recognition sessions and packages on onnxruntime-node (tests, benches,
// the CLI). Node-only.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { AsrSession, AsrTensor } from './asr-session';
import {
  openWhisperPackage,
  type WhisperPackage,
  type WhisperPackageOptions,
} from './whisper-package';

export async function openNodeAsrSession(
  bytes: Uint8Array,
): Promise<AsrSession & { release(): Promise<void> }> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 2 });
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata as AsrSession['inputMetadata'],
    async run(feeds) {
      const inputs: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds))
        inputs[name] = new ort.Tensor(t.type, t.data, t.dims);
      const outputs = await session.run(inputs);
      const result: Record<string, AsrTensor> = {};
      for (const [name, t] of Object.entries(outputs)) {
        result[name] = {
          type: t.type as AsrTensor['type'],
          data: t.data as AsrTensor['data'],
          dims: [...t.dims],
        };
      }
      return result;
    },
    release: () => session.release(),
  };
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** A Whisper package from a folder (the Hugging Face repository layout). */
export async function loadNodeWhisper(
  dir: string,
  options: WhisperPackageOptions = {},
): Promise<WhisperPackage> {
  const names = await listFiles(dir);
  return openWhisperPackage(
    { names, read: async (name) => new Uint8Array(await readFile(join(dir, name))) },
    (bytes) => openNodeAsrSession(bytes),
    options,
  );
}
