// Options, toggles and recorded state of the Label Studio test server.

export interface TestTaskInit {
  id?: number;
  data: Record<string, unknown>;
  total_annotations?: number;
  is_labeled?: boolean;
  [key: string]: unknown;
}

export interface TestProjectInit {
  id?: number;
  title?: string;
  label_config: string;
  tasks?: TestTaskInit[];
  /** Many tasks without writing them out: `count` tasks with data from `data(i)`. */
  generate?: { count: number; data: (i: number) => Record<string, unknown> };
}

/** Behaviour that tests flip at runtime (`server.settings.asyncImport = true`). */
export interface LsTestSettings {
  /** POST /api/projects/{id}/import/predictions exists (false = an older server: 404). */
  importPredictions: boolean;
  /** /api/tasks/ exists (false = only /api/projects/{id}/tasks/). */
  tasksApi: boolean;
  /** Import answers {"import": id} and is polled (non-community servers). */
  asyncImport: boolean;
  /** Polls of an async import that still say "in_progress". */
  asyncImportPolls: number;
  /** 'allow-all' = Label Studio's default (any origin, Authorization header, no credentials). */
  cors: 'allow-all' | string[];
  /** Very old servers: /api/tasks/ ignores ?project=. */
  ignoreProjectFilter: boolean;
  /** Projects the token's user may not touch (403). */
  forbiddenProjects: number[];
}

export interface LsTestServerOptions extends Partial<LsTestSettings> {
  legacyToken?: string;
  /** A personal access token (JWT refresh); one is made when absent. */
  personalAccessToken?: string;
  /** Lifetime of access JWTs from /api/token/refresh/ (default 300 s, as Label Studio). */
  accessTtlSeconds?: number;
  projects?: TestProjectInit[];
  /** Files served at /data/upload/… (key: the path after /data/upload/). */
  uploads?: Record<string, Uint8Array>;
  /** Files served at /data/local-files/?d=<key>. */
  localFiles?: Record<string, Uint8Array>;
  /** Files served WITHOUT auth at /public/<key> (a "foreign" media host). */
  publicFiles?: Record<string, Uint8Array>;
  version?: string;
}

export type FaultAction =
  | { kind: 'status'; status: number; retryAfter?: string; body?: unknown }
  /** Close the connection without answering: before handling, or after (the work is done). */
  | { kind: 'drop'; when: 'before' | 'after' }
  | { kind: 'delay'; ms: number };

export interface FaultRule {
  method?: string;
  /** Matched against the path (without query). */
  path?: string | RegExp;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  action: FaultAction;
}

export interface RecordedRequest {
  method: string;
  /** Path with query. */
  url: string;
  /** The Authorization header as received (tests check where the token went). */
  authorization?: string;
  origin?: string;
}

export interface StoredPrediction {
  id: number;
  task: number;
  project: number;
  model_version: string;
  score: number | null;
  /** Label Studio's Prediction.cluster (IntegerField, null by default). */
  cluster: number | null;
  result: unknown;
  created_at: string;
}

export interface StoredTask {
  id: number;
  project: number;
  data: Record<string, unknown>;
  meta: Record<string, unknown>;
  annotations: unknown[];
  total_annotations: number;
  is_labeled: boolean;
  file_upload?: string;
  created_at: string;
  /** Bumped whenever an annotation of the task is created, changed or deleted (annotate()). */
  updated_at: string;
}

export interface StoredImport {
  id: number;
  project: number;
  pollsLeft: number;
  taskIds: number[];
}
