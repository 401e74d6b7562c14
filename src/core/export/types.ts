// Inputs and outputs shared by the export formats.

import type { LsPrediction } from '../results/types';
import type { LsTask } from '../tasks/types';
import type { MediaPrefix } from './media-prefix';

/** One task and the prediction our model made for it. */
export interface ExportItem {
  task: LsTask;
  prediction: LsPrediction;
}

export type ExportItems = Iterable<ExportItem> | AsyncIterable<ExportItem>;

/** An item left out of the output, and why (e.g. a task without `id`). */
export interface SkippedItem {
  /** Position of the item in the input. */
  index: number;
  reason: string;
}

export interface ExportOptions {
  /**
   * Chunks are yielded once they reach about this many characters (one task
   * is never split, so a chunk can be larger). Default 64 Ki.
   */
  chunkSize?: number;
  /** Called for every item left out, as it happens. */
  onSkip?: (skipped: SkippedItem, item: ExportItem) => void;
  /** Turns bare media file names into URLs Label Studio can open (task formats only). */
  mediaPrefix?: MediaPrefix;
}

/** The generator's return value: `for await` ignores it; read it with `.next()` or collectToString. */
export interface ExportSummary {
  written: number;
  skipped: SkippedItem[];
}

export type ExportStream = AsyncGenerator<string, ExportSummary, undefined>;
