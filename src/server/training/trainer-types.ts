// The contract between the server and a trainer module that runs in the
// training worker (plain data both ways: it crosses the thread boundary).

export interface TrainExample {
  text: string;
  labels: string[];
}

export interface TrainInput {
  project: string;
  /** The project's labeling config XML. */
  labelConfig: string;
  examples: TrainExample[];
  /** Trainer-specific (seed, test gates…). */
  options?: Record<string, unknown>;
}

export interface TrainOutput {
  /** JSON-serialisable head, stored per version and given back to predict. */
  head: unknown;
  metrics?: Record<string, unknown>;
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
