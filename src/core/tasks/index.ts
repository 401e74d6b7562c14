// Task import: Label Studio task files (JSON, JSON Lines, CSV/TSV, TXT) and
// dropped media files turned into tasks.
export type { ImportIssue, ImportResult, LsTask } from './types';
export type { ImportOptions, TaskFileFormat } from './parser-types';
export { importTaskFile } from './import-task-file';
export { importTaskStream } from './import-task-stream';
export type { BatchHandler, StreamImportOptions } from './import-task-stream';
export { mediaFilesToTasks } from './media-files';
export type {
  MediaFileRef,
  MediaImportOptions,
  MediaImportResult,
  MediaTarget,
} from './media-files';
export { formatFromName, sniffFormat } from './detect-format';
export { normalizeTask } from './normalize-task';
export { dataAtPath } from '../config/data-path';
export { MAX_ISSUES_PER_FILE } from './task-importer';
