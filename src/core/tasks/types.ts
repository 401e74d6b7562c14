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
  /** 1-based line (JSONL, CSV, TXT) or record index (JSON list), when known. */
  line?: number;
  record?: number;
  message: string;
}

export interface ImportResult {
  tasks: LsTask[];
  issues: ImportIssue[];
}
