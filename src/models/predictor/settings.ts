// What a run tells the predictor besides the model: where results go, the
// thresholds and the model_version; and what it knows of each task's image.
import type { LabelingConfig } from '../../core/config/types';
import type { ScoreAggregation } from '../../core/export/score';
import type { OcrTarget } from '../../core/mapping/ocr-target';
import type { VisionTarget } from '../../core/mapping/vision-targets';
import type { DecodeOptions } from '../types';

export interface PredictSettings {
  config: LabelingConfig;
  /** Image candidates: the controls that receive them, each with its class → label mapping. */
  targets: readonly VisionTarget[];
  /** Text lines: where they go (a shape, an optional label and a TextArea). */
  ocrTarget?: OcrTarget;
  options: DecodeOptions;
  modelVersion: string;
  scoreMethod?: ScoreAggregation;
  /**
   * Return the raw form for re-thresholding later (default true). A caller
   * that never re-thresholds (the CLI) leaves it out; the relaxed decode is
   * made either way, since the task score reads its near misses.
   */
  keepRaw?: boolean;
}

/** A task as predictions name it: its index in the task list and its data. */
export interface TaskRef {
  index: number;
  data: Record<string, unknown>;
}

/** The original image size, and original ÷ decoded pixels when the decode was downscaled. */
export interface TaskImageSize {
  width: number;
  height: number;
  scaleX?: number;
  scaleY?: number;
}

/** Decoded (possibly downscaled) size and the displayed size of the original file. */
export interface ImageSizes {
  width: number;
  height: number;
  originalWidth: number;
  originalHeight: number;
}
