// Inputs and outputs of a push. All plain data (except the media Blob), so
// a worker can run the push and post the report to the page.

import type { LabelingConfig } from '../config/types';
import type { LsPrediction } from '../results/types';
import type { LsTask } from '../tasks/types';
import type { LsErrorInfo } from './errors';
import type { PushJournal } from './journal';

export interface PushItem {
  /** A task with a numeric `id` is attached to; one without is created. */
  task: LsTask;
  prediction: LsPrediction;
  /** The task's media, local: uploaded to make the task, then the prediction attached. */
  media?: { name: string; blob: Blob };
  /** Identity across runs for tasks without an id (default: file name or a hash of the data). */
  key?: string;
}

/** What a push reads: an array, or a stream (e.g. predictions read from storage page by page). */
export type PushInput = Iterable<PushItem> | AsyncIterable<PushItem>;

/** attach: to an existing task; import: create the task with its prediction; upload: file → task → attach. */
export type PushAction = 'attach' | 'import' | 'upload';

export type PushItemStatus = 'sent' | 'skipped' | 'failed' | 'invalid' | 'would-send';

export interface PushItemReport {
  /** Position in the input list. */
  index: number;
  action: PushAction;
  status: PushItemStatus;
  modelVersion: string;
  /** The existing task, or the one the import/upload created. */
  taskId?: number;
  /** Media file name (upload). */
  file?: string;
  reason?: string;
  /** Validation problems (status 'invalid'). */
  issues?: string[];
}

export interface PushSummary {
  total: number;
  sent: number;
  skipped: number;
  failed: number;
  invalid: number;
  wouldSend: number;
}

export interface PushReport {
  /** Label Studio address (no token). */
  server: string;
  projectId: number;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  modelVersions: string[];
  /** How predictions went to existing tasks: the bulk endpoint or one by one (old servers). */
  attachEndpoint: 'import-predictions' | 'predictions';
  summary: PushSummary;
  /** Why the push stopped before the end (token refused, CORS, cancelled…). */
  stopped?: LsErrorInfo;
  items: PushItemReport[];
}

export type PushPhase = 'checking' | 'sending' | 'done';

export interface PushProgress extends PushSummary {
  phase: PushPhase;
  /** Items with a final status so far. */
  done: number;
}

export interface PushOptions {
  projectId: number;
  /** The project's parsed labeling config: every prediction is validated against it. */
  config: LabelingConfig;
  journal?: PushJournal;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Predictions per bulk request, tasks per import request (default 100). */
  batchSize?: number;
  /** Show what would be sent; POST nothing (GETs still check the server). */
  dryRun?: boolean;
  /** Skip existing tasks that already have a prediction of the same model_version (default true). */
  skipExisting?: boolean;
  /** Skip tasks that carry annotations (is_labeled / total_annotations). */
  skipAnnotated?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: PushProgress) => void;
  /** Wait for an async import this long at most (default 10 min). */
  importWaitMs?: number;
  /**
   * Items planned, checked and sent at a time (default 1000): a push of a
   * stream holds this many items, not all of them.
   */
  windowSize?: number;
  /** How many items a stream will give (progress shows it as the total from the start). */
  total?: number;
  /** After each window, with its items and their final reports (to keep what a later step needs). */
  onWindow?: (items: readonly PushItem[], reports: readonly PushItemReport[]) => void;
}
