// What the page and the worker exchange about online learning (plain data:
// it crosses postMessage). The heads themselves stay in the worker and its
// IndexedDB; the page sees versions, the learning curve and the watch status.
import type { QualityEstimate } from '../../learn/quality';
import type { LsErrorInfo } from '../../core/ls-client';
import type { LsPrediction } from '../../core/results/types';

/** One trained (or imported) head, as the page lists it. */
export interface LearnVersion {
  /** 1, 2, 3… within its scope (a Label Studio project, or the dropped tasks). */
  id: number;
  /** `text-tfidf-logreg@120-annotations`: the learner and the annotation count. */
  modelVersion: string;
  annotationCount: number;
  /**
   * Cross-validated (or, above 2,000, a 20 % hold-out) on the annotations it
   * was trained on; none for an imported head.
   */
  quality: QualityEstimate;
  /** The estimate is still running in the worker (the head is usable already). */
  qualityPending?: boolean;
  labels: string[];
  /** The `<Choices>` it fills. */
  control: string;
  createdAt: string;
  origin: 'trained' | 'imported';
  /** The file name an export gets. */
  fileName: string;
  /**
   * An audio head: the sound-class folder it is exported (zipped) and run as;
   * the folder's name is the model's in model_version, as for `prelabel predict --model DIR`.
   */
  audioFolder?: string;
}

export interface LearnState {
  /** `ls:<server>|<project>` or `local` (dropped tasks). */
  scope: string;
  versions: LearnVersion[];
  currentId: number | null;
  /** Versions live only in memory (IndexedDB refused): a reload forgets them. */
  inMemory: boolean;
}

/** What one training said about the annotations it read. */
export interface TrainNotes {
  /** Tasks read, annotated tasks used, and what was left out (numbers). */
  tasks: number;
  examples: number;
  skippedTasks: number;
  unannotatedTasks: number;
  conflictingTasks: number;
  /** The first problems, each naming the task and the cause. */
  problems: string[];
  problemCount: number;
}

export interface LearnTrainResult {
  state: LearnState;
  version: LearnVersion;
  notes: TrainNotes;
}

export interface LearnHeadFile {
  blob: Blob;
  fileName: string;
}

export interface WatchOptions {
  /** Seconds between polls of the project (default 30). */
  intervalSeconds?: number;
  /**
   * Retrain once this many annotations are new or changed (default 1: after
   * every new annotation, changes between two polls coalesced into one retrain).
   */
  retrainEvery?: number;
  /** Predict the unlabelled tasks and push them after each retrain (default true). */
  push?: boolean;
  /**
   * Read every task again every this many polls (default 10); the polls between
   * ask Label Studio only for the tasks updated since the last one.
   */
  fullReadEvery?: number;
  /**
   * The status of a watch the engine's restart stopped: the new watch goes on
   * from it (its counts, its unpushed version, its pending annotations when the
   * project's annotations are still the ones it had seen).
   */
  resumeFrom?: WatchStatus;
}

export type WatchPhase = 'idle' | 'polling' | 'training' | 'pushing' | 'waiting' | 'stopped';

export interface WatchStatus {
  phase: WatchPhase;
  /** Polls done (answered or not). */
  polls: number;
  /** Annotations new or changed since the last retrain. */
  pending: number;
  retrainEvery: number;
  intervalSeconds: number;
  /** When the next poll starts (ms since epoch), while waiting. */
  nextPollAt?: number;
  lastPollAt?: number;
  /** The last retrain: its version and what it read. */
  lastTrained?: { versionId: number; modelVersion: string; notes: TrainNotes };
  /** The last push of predictions: how many went, failed or were skipped. */
  lastPush?: {
    modelVersion: string;
    sent: number;
    failed: number;
    skipped: number;
    tasks: number;
    /** Items the server did not take this time (5xx, no answer): pushed again with the next poll. */
    retryable?: number;
    /** The first tasks not predicted (an image that could not be read…), each named with the cause. */
    problems?: string[];
  };
  /** A version trained but not pushed yet (the push failed): pushed on the next poll. */
  pushPending?: string;
  /** That version's id (a resumed watch pushes it). */
  pushPendingId?: number;
  /** The last poll's read: every task (complete) or the tasks updated since the one before. */
  lastRead?: { complete: boolean; tasks: number };
  /** SHA-256 of the annotations (id, updated_at) the last poll saw: a resumed watch compares. */
  seen?: string;
  /** The last problem (server down, 401, 500, nothing to learn); cleared by the next good poll. */
  error?: { message: string; kind?: LsErrorInfo['kind']; at: number };
}

/** The backbone image heads learn on (the user's ImageNet-style classifier ONNX). */
export interface BackboneInfo {
  name: string;
  /** SHA-256 of the file: the head keeps it, `prelabel predict --backbone` checks it. */
  sha256: string;
  /** The graph tensor the pooled features are read from. */
  output: string;
  /** The op that produces it (GlobalAveragePool, QLinearGlobalAveragePool…). */
  producer: string;
  /** An integer pool output, turned into floats. */
  dequantized: boolean;
  sizeBytes: number;
  /** Kept in the worker's IndexedDB: after a reload it is held again without a new drop. */
  kept?: boolean;
  /** Why it is held in memory only (too large, storage full, no IndexedDB). */
  notKept?: string;
}

/** A version's predictions for the engine's tasks (image heads), in task order. */
export interface LearnPredictions {
  modelVersion: string;
  results: ({ prediction: LsPrediction } | { error: string })[];
}
