// The worker's side of a Label Studio connection. The LsClient (and with it
// the token), AbortControllers and the loaded task list live here: none of
// them can cross postMessage. Every method answers plain data; server errors
// come back classified (LsOutcome) with the token redacted.
//
// The token is kept in memory only. It is written to IndexedDB (the worker's
// "prelabel-label-studio" database) only when the user ticks "remember on
// this device", and deleted from it when they connect without the tick.

import { ConfigError, parseLabelingConfig } from '../../core/config';
import type { LabelingConfig } from '../../core/config/types';
import {
  LsError,
  MemoryPushJournal,
  createLsClient,
  parseServerAddress,
  redactSecrets,
  reportJson,
  toLsErrorInfo,
  type LsClient,
  type LsClientOptions,
  type LsErrorInfo,
  type LsServerTask,
  type PushInput,
  type PushItem,
  type PushJournal,
  type PushOptions,
  type PushProgress,
  type PushReport,
  type TaskProgress,
} from '../../core/ls-client';
import { cspBlockedMessage } from './csp-watch';
import { IdbPushJournal } from './idb-push-journal';
import { openLsDb, type LsDb } from './ls-db';
import { explainNoAnswer, type PageContext } from './no-answer';
import { arrayPushSource, type PushSource } from './push-items';
import { collectPreview, failedIndices, mergeRetry, pushResult } from './push-result';
import {
  IdbConnectionStore,
  MemoryConnectionStore,
  type ConnectionStore,
} from './remembered-connections';
import { taskMediaFetcher, type TaskMediaFetcher } from './task-media';
import { collectSent, describeRemoval, findDuplicates, type SentAttachments } from './verify-push';
import type {
  LsConnectRequest,
  LsConnectionInfo,
  LsDuplicate,
  LsLoadOptions,
  LsLoadProgress,
  LsLoadedProject,
  LsOutcome,
  LsProjectChoice,
  LsPushPreviewItem,
  LsPushRequest,
  LsPushResult,
  LsReportFile,
  LsSavedConnection,
} from './types';

function isPushSource(items: PushSource | readonly PushItem[]): items is PushSource {
  return !Array.isArray(items);
}

export interface LsSessionOptions extends PageContext {
  fetch?: typeof fetch;
  /** Client tuning (tests: fast retries). */
  client?: Pick<LsClientOptions, 'retry' | 'timeoutMs' | 'random' | 'onRetry'>;
  /** Where journal and remembered tokens live; default IndexedDB. */
  openDb?: () => Promise<LsDb>;
  /** Progress events at most this often (ms); default 100. */
  progressIntervalMs?: number;
  /** Tells whether the page's CSP blocked requests to an origin (CspWatch in a worker). */
  csp?: { isBlocked(origin: string): Promise<boolean> };
}

interface Storage {
  journal: PushJournal;
  connections: ConnectionStore;
  persistent: boolean;
}

interface LoadedProject {
  choice: LsProjectChoice;
  labelConfig: string;
  config: LabelingConfig | null;
}

interface LastPush {
  /** Read again by "retry failed" (only the failed positions). */
  source: PushSource;
  report: PushReport;
  /** The first items a dry run would send. */
  preview: LsPushPreviewItem[];
  /** For the duplicate check, across the push and its retries. */
  sent: SentAttachments;
  /** From the check after sending; goes into the downloaded report. */
  duplicates?: LsDuplicate[];
}

type Callback<T> = (value: T) => void;

/** Calls a callback that may live in the page; its failure must not stop the work. */
function notify<T>(callback: Callback<T> | undefined, value: T): void {
  if (!callback) return;
  try {
    void Promise.resolve(callback(value) as unknown).catch(() => undefined);
  } catch {
    // the page went away
  }
}

/** At most one call per interval, except forced ones (first, phase changes, last). */
function throttled<T>(callback: Callback<T> | undefined, intervalMs: number) {
  let last = -Infinity;
  return (value: T, force = false) => {
    const now = Date.now();
    if (!force && now - last < intervalMs) return;
    last = now;
    notify(callback, value);
  };
}

function notConnected(): LsErrorInfo {
  return { kind: 'unauthorized', message: 'not connected to Label Studio: connect first' };
}

export class LsSession {
  private client: LsClient | null = null;
  private connection: LsConnectionInfo | null = null;
  private project: LoadedProject | null = null;
  private lastPush: LastPush | null = null;
  private readonly ops = new Map<string, AbortController>();
  private storage: Promise<Storage> | null = null;
  private nextOp = 1;

  constructor(private readonly options: LsSessionOptions = {}) {}

  get connected(): LsConnectionInfo | null {
    return this.connection;
  }

  get loadedProject(): LsProjectChoice | null {
    return this.project?.choice ?? null;
  }

  // --- storage ---

  private openStorage(): Promise<Storage> {
    this.storage ??= (async (): Promise<Storage> => {
      try {
        const db = await (this.options.openDb ?? (() => openLsDb()))();
        return {
          journal: new IdbPushJournal(db),
          connections: new IdbConnectionStore(db),
          persistent: true,
        };
      } catch {
        // Private windows and some embedded browsers refuse IndexedDB.
        return {
          journal: new MemoryPushJournal(),
          connections: new MemoryConnectionStore(),
          persistent: false,
        };
      }
    })();
    return this.storage;
  }

  private async fail(
    error: unknown,
    extraSecrets: string[] = [],
    server = this.client?.server,
  ): Promise<{ ok: false; error: LsErrorInfo }> {
    const secrets = [...(this.client?.secrets() ?? []), ...extraSecrets];
    return { ok: false, error: await this.explain(toLsErrorInfo(error, secrets), server) };
  }

  /** "No answer" has causes the client cannot see from inside the page: name them. */
  private async explain(info: LsErrorInfo, server: string | undefined): Promise<LsErrorInfo> {
    const silent = info.kind === 'server-down' || info.kind === 'cors' || info.kind === 'network';
    if (silent && server && this.options.csp) {
      const origin = new URL(server).origin;
      if (await this.options.csp.isBlocked(origin)) {
        const explained: LsErrorInfo = { kind: 'rejected', message: cspBlockedMessage(origin) };
        if (info.request) explained.request = info.request;
        return explained;
      }
    }
    return explainNoAnswer(info, server, this.options);
  }

  private startOp(opId: string | undefined): { id: string; signal: AbortSignal } {
    const id = opId ?? `ls-op-${this.nextOp++}`;
    this.ops.get(id)?.abort();
    const controller = new AbortController();
    this.ops.set(id, controller);
    return { id, signal: controller.signal };
  }

  private endOp(id: string): void {
    this.ops.delete(id);
  }

  /** Aborts one operation, or all of them when no id is given. */
  cancel(opId?: string): void {
    for (const [id, controller] of this.ops) {
      if (opId === undefined || id === opId) controller.abort();
    }
  }

  // --- connection ---

  async connect(request: LsConnectRequest): Promise<LsOutcome<{ connection: LsConnectionInfo }>> {
    const typed = request.token.trim();
    this.disconnect();
    let server: string;
    try {
      server = parseServerAddress(request.url).base.href;
    } catch (error) {
      return this.fail(error, [typed], undefined);
    }
    const storage = await this.openStorage();
    const saved = typed === '' ? await storage.connections.get(server) : undefined;
    const token = typed || saved?.token || '';
    if (token === '') {
      return {
        ok: false,
        error: {
          kind: 'unauthorized',
          message:
            'enter a token: Label Studio → Account & Settings → Personal Access Token (or Legacy Token)',
        },
      };
    }
    const op = this.startOp(undefined);
    try {
      const client = createLsClient({
        url: request.url,
        token,
        ...(this.options.pageOrigin ? { pageOrigin: this.options.pageOrigin } : {}),
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
        ...this.options.client,
      });
      const result = await client.testConnection(op.signal);
      if (!result.ok) {
        const info = { ...result.error, message: redactSecrets(result.error.message, [token]) };
        return { ok: false, error: await this.explain(info, client.server) };
      }
      let remembered = false;
      if (request.remember && storage.persistent) {
        await storage.connections.save({
          server: client.server,
          url: request.url.trim(),
          token,
          tokenKind: result.tokenKind,
          savedAt: new Date().toISOString(),
        });
        remembered = true;
      } else if (!request.remember) {
        // Unticked: whatever this device kept for that server goes.
        await storage.connections.remove(client.server);
      }
      const connection: LsConnectionInfo = {
        server: client.server,
        version: result.version,
        user: result.user,
        tokenKind: result.tokenKind,
        remembered,
      };
      if (result.edition) connection.edition = result.edition;
      if (result.linkedProjectId !== undefined) connection.linkedProjectId = result.linkedProjectId;
      this.client = client;
      this.connection = connection;
      return { ok: true, connection };
    } catch (error) {
      return this.fail(error, [token], server);
    } finally {
      this.endOp(op.id);
    }
  }

  /** Forgets the client (and the token in memory); remembered tokens stay. */
  disconnect(): void {
    this.cancel();
    this.client = null;
    this.connection = null;
    this.project = null;
    this.lastPush = null;
  }

  async savedConnections(): Promise<LsSavedConnection[]> {
    return (await this.openStorage()).connections.list();
  }

  /** Deletes the token kept on this device for `server` (an address as typed works). */
  async forget(server: string): Promise<void> {
    let key = server;
    try {
      key = parseServerAddress(server).base.href;
    } catch {
      // not an address: maybe already the stored key
    }
    await (await this.openStorage()).connections.remove(key);
    if (this.connection?.server === key) this.connection.remembered = false;
  }

  // --- reading ---

  async listProjects(opId?: string): Promise<LsOutcome<{ projects: LsProjectChoice[] }>> {
    const client = this.client;
    if (!client) return { ok: false, error: notConnected() };
    const op = this.startOp(opId);
    try {
      return { ok: true, projects: await client.listProjects(op.signal) };
    } catch (error) {
      return this.fail(error);
    } finally {
      this.endOp(op.id);
    }
  }

  /**
   * The project's config and (unless configOnly) its tasks, page by page.
   * The tasks are for the engine (same worker); the page gets LsLoadedProject.
   */
  async loadProject(
    projectId: number,
    options: LsLoadOptions = {},
    onProgress?: Callback<LsLoadProgress>,
  ): Promise<LsOutcome<{ project: LsLoadedProject; tasks: LsServerTask[] }>> {
    const client = this.client;
    if (!client) return { ok: false, error: notConnected() };
    const op = this.startOp(options.opId);
    const emit = throttled(onProgress, this.options.progressIntervalMs ?? 100);
    const progress: LsLoadProgress = {
      phase: 'config',
      received: 0,
      kept: 0,
      skippedAnnotated: 0,
      droppedOtherProject: 0,
      skippedPredicted: 0,
    };
    try {
      emit({ ...progress }, true);
      const project = await client.getProject(projectId, op.signal);
      const labelConfig = typeof project.label_config === 'string' ? project.label_config : '';
      if (labelConfig.trim() === '') {
        throw new LsError({
          kind: 'bad-response',
          message: `project ${projectId} has no labeling config yet: set one up in Label Studio first`,
        });
      }
      const choice: LsProjectChoice = { id: project.id, title: String(project.title ?? '') };
      if (typeof project.task_number === 'number') choice.taskCount = project.task_number;
      const loaded: LsLoadedProject = {
        project: choice,
        labelConfig,
        taskCount: 0,
        tasksLoaded: false,
        skippedAnnotated: 0,
        droppedOtherProject: 0,
        skippedPredicted: 0,
      };
      let config: LabelingConfig | null = null;
      try {
        config = parseLabelingConfig(labelConfig);
      } catch (error) {
        loaded.configProblem =
          error instanceof ConfigError
            ? { message: error.message, line: error.line, column: error.column }
            : { message: error instanceof Error ? error.message : String(error) };
      }

      let tasks: LsServerTask[] = [];
      if (!options.configOnly) {
        progress.phase = 'tasks';
        if (choice.taskCount !== undefined) progress.total = choice.taskCount;
        emit({ ...progress }, true);
        const listed = await this.readTasks(client, projectId, options, op.signal, (p) => {
          Object.assign(progress, {
            received: p.received,
            kept: p.kept,
            skippedAnnotated: p.skippedAnnotated,
            droppedOtherProject: p.droppedOtherProject,
            ...(p.total !== undefined ? { total: p.total } : {}),
          });
          emit({ ...progress });
        });
        tasks = listed.tasks;
        loaded.listing = listed.progress.listing;
        loaded.skippedAnnotated = listed.progress.skippedAnnotated;
        loaded.droppedOtherProject = listed.progress.droppedOtherProject;
        const modelVersion = options.skipExistingModelVersion?.trim();
        if (modelVersion && tasks.length > 0) {
          progress.phase = 'predictions';
          emit({ ...progress }, true);
          const before = tasks.length;
          tasks = await this.withoutModelVersion(client, projectId, tasks, modelVersion, op.signal);
          loaded.skippedPredicted = before - tasks.length;
          progress.skippedPredicted = loaded.skippedPredicted;
          progress.kept = tasks.length;
        }
        loaded.taskCount = tasks.length;
        loaded.tasksLoaded = true;
      }
      this.project = { choice, labelConfig, config };
      this.lastPush = null;
      progress.phase = 'done';
      emit({ ...progress }, true);
      return { ok: true, project: loaded, tasks };
    } catch (error) {
      return this.fail(error);
    } finally {
      this.endOp(op.id);
    }
  }

  private async readTasks(
    client: LsClient,
    projectId: number,
    options: LsLoadOptions,
    signal: AbortSignal,
    onProgress: (p: TaskProgress) => void,
  ): Promise<{ tasks: LsServerTask[]; progress: TaskProgress }> {
    const tasks: LsServerTask[] = [];
    const pages = client.iterateTasks(projectId, {
      pageSize: options.pageSize ?? 100,
      skipAnnotated: options.skipAnnotated ?? false,
      signal,
      onProgress,
    });
    for (;;) {
      const next = await pages.next();
      if (next.done) return { tasks, progress: next.value };
      for (const task of next.value.tasks) tasks.push(task);
    }
  }

  /**
   * One request for the whole project's predictions; servers that refuse that
   * listing are asked task by task (only tasks the listing says have any).
   */
  private async withoutModelVersion(
    client: LsClient,
    projectId: number,
    tasks: LsServerTask[],
    modelVersion: string,
    signal: AbortSignal,
  ): Promise<LsServerTask[]> {
    try {
      const predictions = await client.listProjectPredictions(projectId, signal);
      const has = new Set(
        predictions.filter((p) => p.model_version === modelVersion).map((p) => p.task),
      );
      return tasks.filter((t) => !has.has(t.id));
    } catch (error) {
      if (error instanceof LsError && (error.kind === 'not-found' || error.kind === 'rejected')) {
        return client.tasksWithoutModelVersion(tasks, modelVersion, { signal });
      }
      throw error;
    }
  }

  /**
   * For the watch loop: the loaded project's config read again (a label
   * renamed in Label Studio is seen; the push checks against it) and every
   * task with its annotations, or with `updatedAfter` only the tasks updated
   * since (`complete` false; a server without /api/tasks/ lists them all).
   * Throws the client's error (describeError says it).
   */
  async readForWatch(
    opId?: string,
    { updatedAfter }: { updatedAfter?: string } = {},
  ): Promise<{
    config: LabelingConfig;
    tasks: LsServerTask[];
    project: LsProjectChoice;
    complete: boolean;
  }> {
    const client = this.client;
    if (!client) throw new LsError(notConnected());
    const loaded = this.project;
    if (!loaded) throw new Error('choose a Label Studio project first');
    const op = this.startOp(opId);
    try {
      const project = await client.getProject(loaded.choice.id, op.signal);
      const labelConfig = typeof project.label_config === 'string' ? project.label_config : '';
      const config = parseLabelingConfig(labelConfig);
      const { tasks, progress } = await client.collectTasks(loaded.choice.id, {
        pageSize: 100,
        fields: 'all',
        signal: op.signal,
        ...(updatedAfter ? { updatedAfter } : {}),
      });
      if (this.project === loaded) this.project = { ...loaded, labelConfig, config };
      const complete = !updatedAfter || progress.listing === 'project-tasks';
      return { config, tasks, project: loaded.choice, complete };
    } finally {
      this.endOp(op.id);
    }
  }

  /** A server error as the page shows it (classified, token redacted, "no answer" explained). */
  async describeError(error: unknown): Promise<LsErrorInfo> {
    return (await this.fail(error)).error;
  }

  /** For the run loop: a task's image from the connected server (or a public URL). */
  fetchTaskMedia: TaskMediaFetcher = (reference, signal) => {
    if (!this.client) return Promise.reject(new Error('not connected to Label Studio'));
    return taskMediaFetcher(this.client)(reference, signal);
  };

  // --- pushing ---

  private pushTarget(): { client: LsClient; project: LoadedProject; config: LabelingConfig } {
    if (!this.client) throw new Error('connect to Label Studio first');
    const project = this.project;
    if (!project) throw new Error('choose a Label Studio project first');
    if (!project.config) {
      throw new Error(
        `Prelabel cannot read the labeling config of project ${project.choice.id}, so predictions cannot be checked against it`,
      );
    }
    return { client: this.client, project, config: project.config };
  }

  private async runPush(
    items: PushInput,
    total: number,
    request: LsPushRequest,
    onProgress: Callback<PushProgress> | undefined,
    onWindow: PushOptions['onWindow'],
  ): Promise<{ report: PushReport; journalInMemory: boolean }> {
    const { client, project, config } = this.pushTarget();
    const storage = await this.openStorage();
    if (storage.journal instanceof IdbPushJournal) {
      // push-plan's keys start with "server|project|": one read for all of them.
      await storage.journal.preload(`${client.server}|${project.choice.id}|`);
    }
    const op = this.startOp(request.opId);
    try {
      const report = await client.push(items, {
        projectId: project.choice.id,
        config,
        journal: storage.journal,
        concurrency: request.concurrency ?? 4,
        batchSize: request.batchSize ?? 100,
        dryRun: request.dryRun,
        skipExisting: request.skipExisting ?? true,
        signal: op.signal,
        total,
        onWindow,
        onProgress: (p) => notify(onProgress, p),
      });
      return { report, journalInMemory: !storage.persistent };
    } finally {
      this.endOp(op.id);
    }
  }

  /**
   * Pushes the engine's tasks with their predictions (read as the push goes)
   * to the loaded project. Rejects only for what the user must do first
   * (connect, pick a project, run the model); server trouble is in the result.
   */
  async push(
    items: PushSource | readonly PushItem[],
    request: LsPushRequest,
    onProgress?: Callback<PushProgress>,
  ): Promise<LsPushResult> {
    const source = isPushSource(items) ? items : arrayPushSource(items);
    if (source.total === 0) throw new Error('no predictions to push: run the model first');
    const preview: LsPushPreviewItem[] = [];
    const sent: SentAttachments = new Map();
    const { report, journalInMemory } = await this.runPush(
      source.items(),
      source.total,
      request,
      onProgress,
      (window, reports) => {
        collectPreview(preview, window, reports);
        collectSent(sent, window, reports);
      },
    );
    this.lastPush = { source, report, preview, sent };
    const result = pushResult(report, preview, { retried: false, journalInMemory });
    return this.verified(result, report, request);
  }

  /**
   * The watch loop's push: journalled like any (never posted twice), but kept
   * apart, so the panel's last push (its retry and report) stays the user's.
   */
  async pushAside(items: readonly PushItem[], request: LsPushRequest): Promise<LsPushResult> {
    const source = arrayPushSource(items);
    const { report, journalInMemory } = await this.runPush(
      source.items(),
      source.total,
      request,
      undefined,
      () => undefined,
    );
    return pushResult(report, [], { retried: false, journalInMemory });
  }

  /** Adds the duplicate check to a real push's result (see verify-push.ts). */
  private async verified(
    result: LsPushResult,
    report: PushReport,
    request: LsPushRequest,
  ): Promise<LsPushResult> {
    if (report.dryRun || request.verify === false || report.summary.sent === 0) return result;
    const client = this.client;
    if (!client) return result;
    const op = this.startOp(request.opId);
    try {
      const sent = this.lastPush?.sent ?? new Map();
      result.duplicates = await findDuplicates(client, report.projectId, sent, {
        signal: op.signal,
      });
      if (this.lastPush) this.lastPush.duplicates = result.duplicates;
    } catch (error) {
      result.verifyError = toLsErrorInfo(error, client.secrets()).message;
    } finally {
      this.endOp(op.id);
    }
    return result;
  }

  /** Pushes again only the items that failed last time; the journal keeps it duplicate-free. */
  async retryFailed(
    request: LsPushRequest,
    onProgress?: Callback<PushProgress>,
  ): Promise<LsPushResult> {
    const last = this.lastPush;
    if (!last) throw new Error('nothing has been pushed yet');
    const indices = failedIndices(last.report);
    if (indices.length === 0) {
      const { persistent } = await this.openStorage();
      return pushResult(last.report, last.preview, { retried: true, journalInMemory: !persistent });
    }
    // Retry item j is the push's item positions[j] (a failed one whose prediction is still there).
    const positions: number[] = [];
    async function* failedItems() {
      for await (const [position, item] of last!.source.itemsAt(indices)) {
        positions.push(position);
        yield item;
      }
    }
    const preview: LsPushPreviewItem[] = [];
    const { report, journalInMemory } = await this.runPush(
      failedItems(),
      indices.length,
      request,
      onProgress,
      (window, reports) => {
        collectPreview(preview, window, reports);
        collectSent(last.sent, window, reports);
      },
    );
    last.report = mergeRetry(last.report, report, positions);
    last.preview = preview;
    const result = pushResult(last.report, preview, { retried: true, journalInMemory });
    return this.verified(result, last.report, request);
  }

  /** The last push's full report, as a JSON file (no token in it). */
  reportFile(): LsReportFile | undefined {
    const last = this.lastPush;
    if (!last) return undefined;
    const full: PushReport = last.duplicates
      ? {
          ...last.report,
          ...{ duplicates: last.duplicates, duplicatesRemoved: describeRemoval(last.duplicates) },
        }
      : last.report;
    const text = redactSecrets(reportJson(full), this.client?.secrets() ?? []);
    const stamp = last.report.finishedAt.replace(/[:.]/g, '-');
    const kind = last.report.dryRun ? 'dry-run' : 'push';
    return {
      blob: new Blob([text], { type: 'application/json' }),
      fileName: `label-studio-${kind}.project-${last.report.projectId}.${stamp}.json`,
    };
  }
}
