// PP-OCR packages on onnxruntime-node, for tests and benches. Node-only, and
// apart from node-runner.ts: the package manifest is JSON, which Playwright's
// loader (e2e imports node-runner) cannot import without an import attribute.
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-node';
import type { TensorData } from '../types';
import { PPOCR_V4_MANIFEST } from './meta';
import { parseDictionary } from './rec';
import type { OcrManifest, OcrModelKey, OcrRunner } from './types';

/** The OCR pipeline's runner over onnxruntime-node sessions (det, rec, cls). */
export function ocrSessionRunner(sessions: Map<OcrModelKey, ort.InferenceSession>): OcrRunner {
  return async (key, feeds) => {
    const session = sessions.get(key);
    if (!session) throw new Error(`no ${key} session`);
    const inputs: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) {
      inputs[name] = new ort.Tensor(t.type, t.data, t.dims);
    }
    const outputs = await session.run(inputs);
    const result: Record<string, TensorData> = {};
    for (const [name, t] of Object.entries(outputs)) {
      result[name] = { type: 'float32', data: t.data as Float32Array, dims: [...t.dims] };
    }
    return result;
  };
}

export interface NodeOcr {
  runner: OcrRunner;
  dictionary: string[];
  release(): Promise<void>;
}

/** An OCR package's sessions (det, rec, cls) from its folder, ready for runOcr. */
export async function loadNodeOcr(
  dir: string,
  manifest: OcrManifest = PPOCR_V4_MANIFEST,
): Promise<NodeOcr> {
  const { files } = manifest;
  const sessions = new Map<OcrModelKey, ort.InferenceSession>();
  for (const key of ['det', 'rec', 'cls'] as const) {
    const path = `${dir}/${files[key]}`;
    sessions.set(key, await ort.InferenceSession.create(path, { intraOpNumThreads: 2 }));
  }
  const dictionary = parseDictionary(await readFile(`${dir}/${files.dictionary}`, 'utf8'));
  return {
    runner: ocrSessionRunner(sessions),
    dictionary,
    release: async () => {
      for (const session of sessions.values()) await session.release();
    },
  };
}
