import type { ImportIssue, LsTask } from './types';

/** Where parsers put what they find; the importers collect or batch it. */
export interface TaskSink {
  task(task: LsTask): void;
  issue(issue: ImportIssue): void;
}

/**
 * A format parser fed text piece by piece. Feeding the whole text at once or in
 * any split gives the same tasks and issues: both import paths share it.
 */
export interface IncrementalParser {
  push(text: string): void;
  end(): void;
  /** True once the rest of the input cannot change the result (fatal error). */
  readonly stopped: boolean;
}

export type TaskFileFormat = 'json' | 'jsonl' | 'csv' | 'tsv' | 'txt';

export interface ImportOptions {
  /** The labeling config's first data key: TXT lines go there (e.g. `image`). */
  dataKey?: string;
}
