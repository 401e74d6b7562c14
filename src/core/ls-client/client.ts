// One object per connection (address + token) with everything Prelabel asks a
// Label Studio server. Results are plain data; every call takes an AbortSignal;
// long ones report progress. Made to be driven from a worker via Comlink.

import { testConnection, type ConnectionResult } from './connection';
import { importTasks, uploadFile, type ImportOptions, type ImportOutcome } from './imports';
import { fetchMedia } from './media';
import {
  listProjectPredictions,
  listTaskPredictions,
  deletePrediction,
  tasksWithoutModelVersion,
} from './predictions';
import {
  getProject,
  getProjectConfig,
  listProjects,
  type ProjectSummary,
  type ProjectWithConfig,
} from './projects';
import { pushPredictions } from './push';
import type { PushInput, PushOptions, PushReport } from './push-types';
import {
  collectTasks,
  iterateTasks,
  type IterateTasksOptions,
  type TaskBatch,
  type TaskProgress,
} from './tasks';
import { LsTransport, type LsClientOptions } from './transport';
import type { LsServerPrediction, LsServerProject, LsServerTask } from './types';

export class LsClient {
  readonly transport: LsTransport;

  constructor(options: LsClientOptions) {
    this.transport = new LsTransport(options);
  }

  /** The address as understood (ends with "/"); no token in it. */
  get server(): string {
    return this.transport.serverLabel;
  }

  /** Project id from a pasted project link, if there was one. */
  get linkedProjectId(): number | undefined {
    return this.transport.linkedProjectId;
  }

  /** Strings that must never be shown or logged (token, access token). */
  secrets(): string[] {
    return this.transport.secrets();
  }

  testConnection(signal?: AbortSignal): Promise<ConnectionResult> {
    return testConnection(this.transport, signal);
  }

  listProjects(signal?: AbortSignal): Promise<ProjectSummary[]> {
    return listProjects(this.transport, { signal });
  }

  getProject(projectId: number, signal?: AbortSignal): Promise<LsServerProject> {
    return getProject(this.transport, projectId, signal);
  }

  getProjectConfig(projectId: number, signal?: AbortSignal): Promise<ProjectWithConfig> {
    return getProjectConfig(this.transport, projectId, signal);
  }

  iterateTasks(
    projectId: number,
    options?: IterateTasksOptions,
  ): AsyncGenerator<TaskBatch, TaskProgress, undefined> {
    return iterateTasks(this.transport, projectId, options);
  }

  collectTasks(projectId: number, options?: IterateTasksOptions) {
    return collectTasks(this.transport, projectId, options);
  }

  fetchMedia(ref: string, signal?: AbortSignal): Promise<Blob> {
    return fetchMedia(this.transport, ref, signal);
  }

  listTaskPredictions(taskId: number, signal?: AbortSignal): Promise<LsServerPrediction[]> {
    return listTaskPredictions(this.transport, taskId, signal);
  }

  /** Removes one prediction; an already-deleted one (404) counts as removed. */
  deletePrediction(id: number, signal?: AbortSignal): Promise<void> {
    return deletePrediction(this.transport, id, signal);
  }

  listProjectPredictions(projectId: number, signal?: AbortSignal): Promise<LsServerPrediction[]> {
    return listProjectPredictions(this.transport, projectId, signal);
  }

  tasksWithoutModelVersion<T extends LsServerTask>(
    tasks: readonly T[],
    modelVersion: string,
    options?: { concurrency?: number; signal?: AbortSignal; onProgress?: (done: number) => void },
  ): Promise<T[]> {
    return tasksWithoutModelVersion(this.transport, tasks, modelVersion, options);
  }

  importTasks(
    projectId: number,
    tasks: readonly object[],
    options?: ImportOptions,
  ): Promise<ImportOutcome> {
    return importTasks(this.transport, projectId, tasks, options);
  }

  uploadFile(
    projectId: number,
    file: { name: string; blob: Blob },
    options?: ImportOptions,
  ): Promise<ImportOutcome> {
    return uploadFile(this.transport, projectId, file, options);
  }

  push(items: PushInput, options: PushOptions): Promise<PushReport> {
    return pushPredictions(this.transport, items, options);
  }
}

export function createLsClient(options: LsClientOptions): LsClient {
  return new LsClient(options);
}
