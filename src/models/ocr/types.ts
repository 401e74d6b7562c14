import type { Strip } from './strip';
import type { ModelManifest, Quad, TensorData } from '../types';

export type { Point, Quad, TextCandidate } from '../types';

/** The three sessions of the pipeline. */
export type OcrModelKey = 'det' | 'rec' | 'cls';

/**
 * Runs one named ONNX session. The caller owns the runtime (onnxruntime-node in
 * tests and the CLI, onnxruntime-web in the worker), so the pipeline stays
 * runtime-neutral.
 */
export type OcrRunner = (
  modelKey: OcrModelKey,
  feeds: Record<string, TensorData>,
) => Promise<Record<string, TensorData>>;

/** A region from the detector before recognition. */
export interface DetectedQuad {
  quad: Quad;
  score: number;
  /** For a bent line: cross-sections along it, read instead of the quad (see strip.ts). */
  strip?: Strip;
}

/** Files of the OCR model package, by role. */
export interface OcrFiles {
  det: string;
  rec: string;
  cls: string;
  dictionary: string;
}

/** A model manifest plus the OCR package's several files. */
export type OcrManifest = ModelManifest & { files: OcrFiles };
