// The contract between the server and a trainer module that runs in the
// training worker (plain data both ways: it crosses the thread boundary).

export interface TrainExample {
  /** The text; for image and audio learners the task's media reference. */
  text: string;
  labels: string[];
  /** Media learners: the task (its id, for messages and the feature cache key). */
  task?: string;
}

/** Where media learners fetch the tasks' files (/setup's hostname and token, or the env's). */
export interface MediaAccess {
  hostname?: string;
  token?: string;
}

export interface TrainInput {
  project: string;
  /** The project's labeling config XML. */
  labelConfig: string;
  examples: TrainExample[];
  /** Trainer-specific (seed, test gates, the backbone file…). */
  options?: Record<string, unknown>;
  /** Media learners: how to fetch the files. */
  media?: MediaAccess;
  /** Media learners: features already extracted, by `featureKey(task, ref)`; not fetched again. */
  cached?: Record<string, Float32Array>;
}

export interface TrainOutput {
  /** JSON-serialisable head, stored per version and given back to predict. */
  head: unknown;
  metrics?: Record<string, unknown>;
  /** Media learners: the features extracted in this job, by `featureKey(task, ref)`. */
  features?: Record<string, Float32Array>;
  /** Tasks not learnt from, each naming the task and the cause. */
  problems?: string[];
}

/** A task's cached features: the same task with the same media reference. */
export function featureKey(task: string, ref: string): string {
  return `${task}\u0000${ref}`;
}

export interface TrainerModule {
  train(input: TrainInput): TrainOutput | Promise<TrainOutput>;
}

export interface WorkerData {
  entry: string;
  /** URL of the trainer module. */
  trainer: string;
  input: TrainInput;
}

export type WorkerReply = { ok: true; output: TrainOutput } | { ok: false; message: string };
