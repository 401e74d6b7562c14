// A task as Label Studio knows it. Every original field is kept so that a
// round trip (import → predict → export) loses nothing.

export interface LsTask {
  /** Present on tasks exported from Label Studio; used to attach predictions. */
  id?: number;
  data: Record<string, unknown>;
  predictions?: unknown[];
  annotations?: unknown[];
  /** Any other top-level field of the original task, kept verbatim. */
  [key: string]: unknown;
}

/** One problem found while importing, naming where it is. */
export interface ImportIssue {
  file: string;
  /** 1-based line in the file, when known (for a JSON list: where the record starts). */
  line?: number;
  /** 1-based column of a JSON syntax error on `line`. */
  column?: number;
  /** 1-based position of the element in a JSON list of tasks. */
  record?: number;
  /** A full sentence for people, starting with the file name and position. */
  message: string;
}

export interface ImportResult {
  tasks: LsTask[];
  issues: ImportIssue[];
}
