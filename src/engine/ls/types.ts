// What the page and the worker exchange about a Label Studio server. All plain
// data (it crosses postMessage): the LsClient, its token, AbortControllers and
// task lists stay in the worker. Meant to join EngineApi as the ls* methods.

import type {
  LsErrorInfo,
  PushPhase,
  PushProgress,
  PushSummary,
  TaskListing,
  TokenKind,
} from '../../core/ls-client';

/** A call either worked, or failed with a classified error meant for people. */
export type LsOutcome<T extends object = object> =
  ({ ok: true } & T) | { ok: false; error: LsErrorInfo };

export interface LsConnectRequest {
  /** The Label Studio address as typed (a project link works too). */
  url: string;
  /** Legacy token or personal access token. Empty: use the one remembered for this server. */
  token: string;
  /** Keep the token on this device (IndexedDB) for the next visit. */
  remember: boolean;
}

export interface LsConnectionInfo {
  /** The API base as understood ("http://host:8080/"); never carries the token. */
  server: string;
  version: string;
  edition?: string;
  user: { id: number; name: string; email?: string };
  tokenKind: TokenKind;
  /** Project id from a pasted project link. */
  linkedProjectId?: number;
  /** The token is stored on this device. */
  remembered: boolean;
}

/** A remembered connection as the page sees it: no token. */
export interface LsSavedConnection {
  url: string;
  server: string;
  tokenKind: TokenKind;
  savedAt: string;
}

export interface LsProjectChoice {
  id: number;
  title: string;
  taskCount?: number;
}

export interface LsLoadOptions {
  /** Tasks per request (default 100; Label Studio caps it server-side). */
  pageSize?: number;
  /** Leave out tasks that already have annotations. */
  skipAnnotated?: boolean;
  /** Leave out tasks that already have a prediction of this model_version. */
  skipExistingModelVersion?: string;
  /** Only the project and its labeling config (to push dropped tasks into it). */
  configOnly?: boolean;
  /** Name of the operation, for lsCancel. */
  opId?: string;
}

export type LsLoadPhase = 'config' | 'tasks' | 'predictions' | 'done';

export interface LsLoadProgress {
  phase: LsLoadPhase;
  /** Tasks received so far (before any are left out). */
  received: number;
  /** Tasks kept so far. */
  kept: number;
  /** The server's task count, when the listing gives one. */
  total?: number;
  skippedAnnotated: number;
  droppedOtherProject: number;
  skippedPredicted: number;
}

export interface LsConfigProblem {
  message: string;
  line?: number;
  column?: number;
}

export interface LsLoadedProject {
  project: LsProjectChoice;
  /** The project's labeling config XML: give it to setConfig like a dropped config. */
  labelConfig: string;
  /** Set when Prelabel cannot read the config (the tasks still load). */
  configProblem?: LsConfigProblem;
  /** Tasks kept (0 with configOnly). */
  taskCount: number;
  tasksLoaded: boolean;
  skippedAnnotated: number;
  droppedOtherProject: number;
  skippedPredicted: number;
  listing?: TaskListing;
}

export interface LsPushRequest {
  /** Check everything and show what would be sent; POST nothing. */
  dryRun: boolean;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Predictions per request (default 100). */
  batchSize?: number;
  /** Skip tasks that already have a prediction of the same model_version (default true). */
  skipExisting?: boolean;
  /** After sending, re-list the tasks to find any that got the prediction twice (default true). */
  verify?: boolean;
  opId?: string;
}

/** A task that holds the pushed model_version more than once (see verify-push.ts). */
export interface LsDuplicate {
  taskId: number;
  modelVersion: string;
  count: number;
  /** The server's ids of those predictions, oldest first as listed. */
  predictionIds?: number[];
  /** Copies deleted after the check (the oldest one is kept). */
  removed?: number;
  /** Copies that could not be deleted, with the reason. */
  notRemoved?: { id: number; reason: string }[];
}

export type LsPushProgress = PushProgress;
export type { PushPhase as LsPushPhase };

/** Items that did not go, grouped by why. */
export interface LsReasonGroup {
  status: 'failed' | 'invalid' | 'skipped';
  reason: string;
  count: number;
  /** A few of the tasks concerned (ids, or file names / item numbers). */
  examples: string[];
}

/** One prediction as it would be posted (dry run). */
export interface LsPushPreviewItem {
  action: 'attach' | 'import' | 'upload';
  taskId?: number;
  file?: string;
  modelVersion: string;
  regions: number;
  score?: number;
  /** The request body for this item, pretty-printed and cut to a readable size. */
  body: string;
}

export interface LsPushResult {
  dryRun: boolean;
  summary: PushSummary;
  modelVersions: string[];
  attachEndpoint: 'import-predictions' | 'predictions';
  /** Why the push stopped early (token refused, CORS, cancelled…). */
  stopped?: LsErrorInfo;
  reasons: LsReasonGroup[];
  /** Dry run: the first items that would be sent. */
  preview: LsPushPreviewItem[];
  /** Items "Retry failed" would push again. */
  retryable: number;
  /** This result includes a retry of failed items: the summary covers the whole push. */
  retried: boolean;
  /** The push journal is only in memory (IndexedDB unavailable): a reload forgets it. */
  journalInMemory: boolean;
  /** Tasks that got the prediction more than once; undefined when not verified. */
  duplicates?: LsDuplicate[];
  /** The check for duplicates itself failed (the push result stands). */
  verifyError?: string;
}

export interface LsReportFile {
  blob: Blob;
  fileName: string;
}
