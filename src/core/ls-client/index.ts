export { LsClient, createLsClient } from './client';
export { LsTransport } from './transport';
export type { LsClientOptions, LsRequest, LsResponse, RetryEvent } from './transport';
export { LsError, redactSecrets, toLsErrorInfo, FATAL_KINDS } from './errors';
export type { LsErrorInfo, LsErrorKind } from './errors';
export { detectTokenKind, decodeJwtPayload, type TokenKind } from './token';
export { parseServerAddress, mixedContentError } from './server-url';
export { DEFAULT_RETRY, backoffDelay, parseRetryAfter, type RetryPolicy } from './retry';
export { testConnection, type ConnectionOk, type ConnectionResult } from './connection';
export {
  listProjects,
  getProject,
  getProjectConfig,
  type ProjectSummary,
  type ProjectWithConfig,
} from './projects';
export {
  iterateTasks,
  collectTasks,
  type IterateTasksOptions,
  type TaskBatch,
  type TaskListing,
  type TaskProgress,
} from './tasks';
export { fetchMedia, resolveMediaRef, type MediaOrigin } from './media';
export {
  listTaskPredictions,
  listProjectPredictions,
  taskHasModelVersion,
  tasksWithoutModelVersion,
} from './predictions';
export { importTasks, uploadFile, waitForImport, type ImportOutcome } from './imports';
export { pushPredictions } from './push';
export { failedItems, summaryLine, reportJson } from './push-report';
export {
  MemoryPushJournal,
  type PushJournal,
  type PushJournalEntry,
  type PushState,
} from './journal';
export type {
  PushAction,
  PushInput,
  PushItem,
  PushItemReport,
  PushItemStatus,
  PushOptions,
  PushPhase,
  PushProgress,
  PushReport,
  PushSummary,
} from './push-types';
export type { LsServerPrediction, LsServerProject, LsServerTask, LsUser } from './types';
