// What the Label Studio API returns, as far as Prelabel reads it. Servers of
// different versions add fields; everything else is kept as unknown.

import type { LsTask } from '../tasks/types';

export interface LsServerProject {
  id: number;
  title: string;
  /** XML labeling config (only on GET /api/projects/{id}/ on some versions). */
  label_config?: string;
  task_number?: number;
  [key: string]: unknown;
}

/** A task as the server lists it: an LsTask with an id and server counters. */
export interface LsServerTask extends LsTask {
  id: number;
  project?: number;
  is_labeled?: boolean;
  total_annotations?: number;
  total_predictions?: number;
  /** Name of the uploaded file the task was made from ("1a2b3c4d-photo.jpg"). */
  file_upload?: string;
}

export interface LsServerPrediction {
  id?: number;
  task: number;
  model_version?: string;
  score?: number | null;
  result?: unknown;
  project?: number;
  [key: string]: unknown;
}

export interface LsUser {
  id: number;
  username?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
}
