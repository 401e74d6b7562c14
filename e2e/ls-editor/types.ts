// What the real-editor check sends in and reads back.
import type { LsPrediction } from '../../src/core/results/types';

/** A task to open in the editor: config + data + the predictions to check. */
export interface EditorInput {
  config: string;
  data: Record<string, unknown>;
  predictions: LsPrediction[];
  /** Extra files served at fileUrl(name) on the fake origin (e.g. a generated image). */
  files?: Record<string, Uint8Array | string>;
}

/** One result as the editor holds it after loading (ids without the editor's `#annotation` suffix). */
export interface LoadedResult {
  id: string;
  type: string;
  from_name: string;
  to_name: string;
  /**
   * `*labels` and `choices` results: the labels the editor kept AND can show
   * (for choices it stores unknown values but shows nothing for them).
   */
  labels?: string[];
  /** Values the editor stores but cannot show: unknown taxonomy path, rating/number out of range. */
  invalid?: string[];
  /** The editor's own serialisation of the result's value (geometry included). */
  value: Record<string, unknown>;
  /** Natural size of the image the region sits on, as the editor measured it. */
  original_width?: number;
  original_height?: number;
  /** Text spans: the text the editor highlights (its DOM range). */
  shownText?: string;
  /** Brush: mask pixels painted; audio: segment drawn on the waveform; text: span highlighted. */
  drawn?: boolean;
  /** The editor's region model (rectangleregion, richtextregion, …; absent for classifications). */
  areaType?: string;
}

export interface LoadedPrediction {
  model_version?: string;
  /** Regions (distinct ids) the editor built. */
  regionCount: number;
  results: LoadedResult[];
  /** What was still not loaded/drawn when the wait gave up (empty when all settled). */
  pending: string[];
  /** console.error, uncaught page errors and the editor's own error list. */
  errors: string[];
  warnings: string[];
}
