// What the run journal keeps in IndexedDB: one record per run (its settings,
// enough to tell whether dropped files + model are the same run) and one per
// settled task. A task without a record is pending.

import type { LsPrediction } from '../../core/results/types';
import type { LsTask } from '../../core/tasks/types';
import type { RawPlan } from '../../models/rethreshold';
import type { FailureStage, RunRequest } from '../api';
import type { TaskImageSize, TextRaw } from '../../models/predictor';
import type { ClassEvidence } from '../../models/predictor/class-evidence';
import type { PackedCandidates } from './packed-candidates';

export type SettledState = 'done' | 'failed' | 'skipped';
export type TaskState = 'pending' | SettledState;

export interface RunSettings {
  /** SHA-256 of the model bytes (ModelInfo.bytesHash). */
  modelHash: string;
  modelName: string;
  modelVersion: string;
  /** SHA-256 of the labeling config XML. */
  configHash: string;
  /** sourceFingerprint of the dropped task files / media. */
  sourceFingerprint: string;
  /** Targets with their class → label mapping, thresholds, score method, OCR image. */
  request: RunRequest;
  /** Set when raw candidates are kept per task: re-thresholding is possible. */
  raw?: RawPlan;
}

export type RunStatus = 'running' | 'stopped' | 'finished';

export interface RunRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  status: RunStatus;
  /** Why a run stopped before the end (quota, crash loop, cancel). */
  stopReason?: string;
  /** Tasks in the run (indices 0…total-1). */
  total: number;
  settings: RunSettings;
  /** Task index → deaths of the worker or the tab while it was in flight (see crash-ledger). */
  crashes: Record<number, number>;
}

export interface TaskFailureRecord {
  name: string;
  stage: FailureStage;
  message: string;
}

export interface TaskRecord {
  runId: string;
  index: number;
  state: SettledState;
  /** Done: the task as imported, written back on export. */
  task?: LsTask;
  prediction?: LsPrediction;
  /** Done, when the run keeps them: the candidates before thresholds and NMS. */
  raw?: PackedCandidates;
  /** Original image size (and decode downscale), to re-derive results from raw candidates. */
  image?: TaskImageSize;
  /** Done text task (spans, choices): every span or class probability, for new settings. */
  textRaw?: TextRaw;
  /**
   * Done classifier task: its class distribution's certainties and kept
   * probabilities (at most 64), for Label next after a reload.
   */
  evidence?: ClassEvidence;
  failure?: TaskFailureRecord;
  /** Skipped: why. */
  reason?: string;
  at: number;
}

/**
 * The tasks of a run in flight (being prepared or inferred) as last stored.
 * Removed when the run pauses or ends cleanly: one left behind means the tab
 * or the worker died with these tasks in flight (see flight-marks.ts).
 */
export interface FlightRecord {
  runId: string;
  /** Task indices, ascending. */
  tasks: number[];
  at: number;
}

export interface RunProgressCounts {
  total: number;
  done: number;
  failed: number;
  skipped: number;
  pending: number;
}
