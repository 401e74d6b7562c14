// The run-journal part of the engine API (resume, re-threshold), declared
// apart from api.ts like the Label Studio part (ls/api.ts).

import type { RunRequest } from './api';
import type { TaskEvent } from './supervised-tasks';

export type { TaskEvent } from './supervised-tasks';

/** How engine.run continues a journalled run. */
export interface RunOptions {
  /** Continue this journalled run: its done and failed tasks are kept. */
  resumeRunId?: string;
  /**
   * Suspects of a worker crash the page saw: each runs with nothing else in
   * flight. Set (even empty) only when resuming after that worker death; the
   * engine then words crash failures it finds in the journal as "the tab or
   * its engine worker", else as "the tab". Either way tasks left in flight
   * (journal marks) count one crash each, once; journal suspects run alone too.
   */
  suspects?: number[];
  /**
   * The page was left on purpose (reload or close: `pagehide` fired), so the
   * tasks it left in flight are not crash suspects.
   */
  leftCleanly?: boolean;
  /** Tasks to fail before resuming (crashed the worker too often, or timed out). */
  crashed?: { index: number; message: string }[];
  /** Limit for fetching and decoding one task's image; 0 = none. */
  prepareTimeoutSeconds?: number;
}

/** A journalled run of the current tasks with the current model. */
export interface ResumableRunInfo {
  runId: string;
  done: number;
  failed: number;
  total: number;
  pending: number;
  updatedAt: number;
  stopReason?: string;
  /** The run's settings: resuming uses them, so all its predictions agree. */
  request: RunRequest;
}

export interface RethresholdSummary {
  /** False: this run kept no raw candidates (run before they were kept, or no journal); re-run to apply. */
  supported: boolean;
  reason?: string;
  /** Tasks re-derived. */
  tasks: number;
  /** Of those, the tasks whose results changed. */
  changed: number;
  /** Tasks whose kept candidates could not prove the new result exact (a threshold under the kept floor…). */
  inexact: number;
  /** Regions over the whole run after the change. */
  regions: number;
  modelVersion: string;
}

export interface RunsEngineApi {
  /** The newest unfinished journalled run of the current tasks and model, if any. */
  findResumableRun(): Promise<ResumableRunInfo | null>;
  discardRun(runId: string): Promise<void>;
  /** Re-derives the last run's predictions with new thresholds/mapping, without inference. */
  rethreshold(request: RunRequest): Promise<RethresholdSummary>;
}

export type TaskEventCallback = (event: TaskEvent) => void;
