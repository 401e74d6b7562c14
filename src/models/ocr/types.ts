import type { ModelManifest, TensorData } from '../types';

/** A point in ORIGINAL image pixels (continuous: pixel i spans [i, i+1)). */
export type Point = [number, number];

/** Four corners, clockwise from the top-left as the image shows them. */
export type Quad = [Point, Point, Point, Point];

/** One line (or word group) of recognised text. */
export interface TextCandidate {
  kind: 'text';
  /** Detected region, clockwise from top-left, in original image pixels. */
  quad: Quad;
  /** Axis-aligned bounds of `quad`, in original image pixels. */
  box: { x: number; y: number; width: number; height: number };
  text: string;
  /** Recognition confidence: mean max-probability of the emitted characters. */
  score: number;
  /** Detection confidence: mean text probability inside the region. */
  detScore: number;
  /** 180 when the angle classifier found the text upside down (it was read rotated). */
  angle: 0 | 180;
}

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
