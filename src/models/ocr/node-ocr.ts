// PP-OCR packages opened by the predictor on onnxruntime-node, for the OCR
// tests that drive runOcr themselves (options the predictor does not set).
// Node-only.
import { join } from 'node:path';
import { releaseModel, type OpenedPipelineModel } from '../predictor';
import { openModelFiles } from '../predictor/node-runtime';
import { PPOCR_V4_MANIFEST } from './meta';
import { parseDictionary } from './rec';
import type { OcrManifest, OcrRunner } from './types';

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
  const model = (await openModelFiles({
    modelPath: join(dir, manifest.file),
    dir,
    manifest,
  })) as OpenedPipelineModel;
  return {
    runner: (key, feeds) => model.sessions[key]!.run(feeds),
    dictionary: parseDictionary(model.assets.dictionary ?? ''),
    release: () => releaseModel(model),
  };
}
