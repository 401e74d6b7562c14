// The test server's data: projects, tasks, predictions, media, tokens, and a
// log of what it received, for assertions.

import { randomBytes } from 'node:crypto';
import { makeAccessToken, makePersonalAccessToken } from './jwt';
import type {
  LsTestServerOptions,
  RecordedRequest,
  StoredImport,
  StoredPrediction,
  StoredTask,
  TestTaskInit,
} from './types';

export interface StoredProject {
  id: number;
  title: string;
  label_config: string;
  tasks: StoredTask[];
}

/** `$key` data keys a labeling config reads (top-level part only). */
export function configDataKeys(labelConfig: string): string[] {
  const keys: string[] = [];
  for (const m of labelConfig.matchAll(/\b(?:value|valueList)="\$([A-Za-z_][\w]*)/g)) {
    if (!keys.includes(m[1]!)) keys.push(m[1]!);
  }
  return keys;
}

export class LsTestState {
  readonly legacyToken: string;
  readonly personalAccessToken: string;
  readonly user = {
    id: 1,
    username: 'tester',
    email: 'tester@example.com',
    first_name: 'Test',
    last_name: 'User',
  };
  readonly projects = new Map<number, StoredProject>();
  readonly tasksById = new Map<number, StoredTask>();
  readonly predictions: StoredPrediction[] = [];
  private readonly predictionsByTask = new Map<number, StoredPrediction[]>();
  readonly media = new Map<string, Uint8Array>();
  readonly localFiles = new Map<string, Uint8Array>();
  readonly publicFiles = new Map<string, Uint8Array>();
  readonly imports = new Map<number, StoredImport>();
  readonly requests: RecordedRequest[] = [];
  /** Access JWTs issued and still honoured. */
  readonly accessTokens = new Set<string>();
  refreshCount = 0;
  accessTtlSeconds: number;
  readonly version: string;
  private nextTaskId = 1;
  private nextPredictionId = 1;
  private nextImportId = 1;

  constructor(options: LsTestServerOptions) {
    this.legacyToken = options.legacyToken ?? `legacy${randomBytes(16).toString('hex')}`;
    this.personalAccessToken = options.personalAccessToken ?? makePersonalAccessToken(this.user.id);
    this.accessTtlSeconds = options.accessTtlSeconds ?? 300;
    this.version = options.version ?? '1.13.1';
    let nextProjectId = 1;
    for (const p of options.projects ?? []) {
      const id = p.id ?? nextProjectId;
      nextProjectId = Math.max(nextProjectId, id) + 1;
      const project: StoredProject = {
        id,
        title: p.title ?? `Project ${id}`,
        label_config: p.label_config,
        tasks: [],
      };
      this.projects.set(id, project);
      for (const t of p.tasks ?? []) this.addTask(id, t);
      if (p.generate) {
        for (let i = 0; i < p.generate.count; i++) this.addTask(id, { data: p.generate.data(i) });
      }
    }
    for (const [k, v] of Object.entries(options.uploads ?? {})) this.media.set(k, v);
    for (const [k, v] of Object.entries(options.localFiles ?? {})) this.localFiles.set(k, v);
    for (const [k, v] of Object.entries(options.publicFiles ?? {})) this.publicFiles.set(k, v);
  }

  addTask(projectId: number, init: TestTaskInit): StoredTask {
    const { id, data, total_annotations, is_labeled, annotations, ...rest } = init;
    const taskId = id ?? this.nextTaskId;
    this.nextTaskId = Math.max(this.nextTaskId, taskId) + 1;
    const task: StoredTask = {
      ...rest,
      id: taskId,
      project: projectId,
      data,
      meta: {},
      annotations: Array.isArray(annotations) ? annotations : [],
      total_annotations: total_annotations ?? (Array.isArray(annotations) ? annotations.length : 0),
      is_labeled:
        is_labeled ??
        (total_annotations ?? (Array.isArray(annotations) ? annotations.length : 0)) > 0,
      created_at: new Date().toISOString(),
      updated_at: '',
    };
    task.updated_at = task.created_at;
    this.projects.get(projectId)!.tasks.push(task);
    this.tasksById.set(taskId, task);
    return task;
  }

  addPrediction(
    taskId: number,
    p: { model_version?: unknown; score?: unknown; cluster?: unknown; result?: unknown },
  ): StoredPrediction {
    const task = this.tasksById.get(taskId)!;
    const stored: StoredPrediction = {
      id: this.nextPredictionId++,
      task: taskId,
      project: task.project,
      model_version: typeof p.model_version === 'string' ? p.model_version : 'undefined',
      score: typeof p.score === 'number' ? p.score : null,
      cluster: Number.isInteger(p.cluster) ? (p.cluster as number) : null,
      result: p.result ?? [],
      created_at: new Date().toISOString(),
    };
    this.predictions.push(stored);
    const list = this.predictionsByTask.get(taskId);
    if (list) list.push(stored);
    else this.predictionsByTask.set(taskId, [stored]);
    return stored;
  }

  /** DELETE /api/predictions/{id}/: false when there is no such prediction. */
  deletePrediction(id: number): boolean {
    const at = this.predictions.findIndex((p) => p.id === id);
    const stored = this.predictions[at];
    if (!stored) return false;
    this.predictions.splice(at, 1);
    const list = this.predictionsByTask.get(stored.task);
    if (list) list.splice(list.indexOf(stored), 1);
    return true;
  }

  /** What the server received for a task: the assertion point for "posted exactly once". */
  predictionsFor(taskId: number): StoredPrediction[] {
    return this.predictionsByTask.get(taskId) ?? [];
  }

  newImport(projectId: number, taskIds: number[], polls: number): StoredImport {
    const record: StoredImport = {
      id: this.nextImportId++,
      project: projectId,
      pollsLeft: polls,
      taskIds,
    };
    this.imports.set(record.id, record);
    return record;
  }

  issueAccessToken(): string {
    const token = makeAccessToken(this.user.id, this.accessTtlSeconds);
    this.accessTokens.add(token);
    return token;
  }

  /** Every access JWT issued so far stops working (as if its 5 minutes had passed). */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /**
   * The task's annotations as an annotator leaves them (created, edited or
   * deleted): as Label Studio's Annotation.save()/delete() call update_task()
   * (label_studio/tasks/models.py), the task's updated_at becomes now.
   */
  annotate(taskId: number, annotations: unknown[]): StoredTask {
    const task = this.tasksById.get(taskId)!;
    task.annotations = annotations;
    const live = annotations.filter(
      (a) =>
        !(
          typeof a === 'object' &&
          a !== null &&
          (a as { was_cancelled?: unknown }).was_cancelled === true
        ),
    );
    task.total_annotations = live.length;
    task.is_labeled = live.length > 0;
    task.updated_at = new Date().toISOString();
    return task;
  }

  /** The task as the API lists it. */
  taskJson(task: StoredTask): Record<string, unknown> {
    const predictions = this.predictionsFor(task.id);
    return {
      ...task,
      total_predictions: predictions.length,
      cancelled_annotations: 0,
      inner_id: task.id,
    };
  }
}
