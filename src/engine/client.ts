// The page's handle on the engine worker: creates it, wraps it with comlink,
// turns callbacks into Comlink proxies, and replaces the worker when it dies
// (pending calls then reject with EngineRestartedError instead of hanging).

import * as Comlink from 'comlink';
import type {
  Callback,
  ConfigState,
  EngineApi,
  EnvironmentInfo,
  ExportFileOptions,
  ExportFormat,
  ExportedFile,
  LoadModelRequest,
  LoadProgress,
  ModelInfo,
  RunProgress,
  RunRequest,
  RunSummary,
  TaskSources,
  TaskSummary,
  TaskView,
} from './api';
import { lsRemote } from './ls/remote';
import { ModuleTags, engineWorkerName } from './ort-module-tag';
import type { RunOptions, TaskEventCallback } from './runs-api';
import { runsRemote } from './runs-remote';

export class EngineRestartedError extends Error {
  constructor(reason: string) {
    super(`The inference engine stopped (${reason}) and was restarted.`);
    this.name = 'EngineRestartedError';
  }
}

export type WorkerFactory = () => Worker;

const moduleTags = new ModuleTags();

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('./worker.ts', import.meta.url), {
    type: 'module',
    name: engineWorkerName(moduleTags.next()),
  });

/** Restarts allowed within RESTART_WINDOW_MS before giving up (a worker that cannot even load). */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 30_000;

export class EngineClient {
  private worker!: Worker;
  private remote!: Comlink.Remote<EngineApi>;
  private died!: Promise<never>;
  private markDead!: (error: Error) => void;
  private restarts: number[] = [];
  private listeners = new Set<(reason: string) => void>();
  private broken: Error | null = null;
  /** Set while a planned restart waits before starting the new worker. */
  private starting: Promise<void> | null = null;
  private generation = 0;
  /** The Label Studio server methods (ls/api.ts), through the same restart-aware channel. */
  readonly ls = lsRemote((fn) => this.call(fn));
  /** Journalled runs (runs-api.ts): resume offers, re-thresholding. */
  readonly runs = runsRemote((fn) => this.call(fn));

  constructor(private readonly factory: WorkerFactory = defaultFactory) {
    this.start();
  }

  private start(): void {
    this.worker = this.factory();
    this.remote = Comlink.wrap<EngineApi>(this.worker);
    this.died = new Promise<never>((_, reject) => (this.markDead = reject));
    this.died.catch(() => undefined); // observed by whoever races against it
    const worker = this.worker;
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (worker === this.worker)
        this.restart(event.message || 'the worker failed to load or crashed');
    });
    worker.addEventListener('messageerror', () => {
      if (worker === this.worker) this.restart('a message could not be read');
    });
  }

  /**
   * Replaces the worker; every pending call rejects. Listeners reload their state.
   * `startAfterMs`: a planned replacement waits that long for the old worker's
   * memory to go before the new one loads (seen in /proc: both at once held ~150 MB
   * more for ~2 s); calls made meanwhile wait for the new worker.
   */
  restart(reason: string, { startAfterMs = 0 }: { startAfterMs?: number } = {}): void {
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    // While a planned restart waits, the old worker is already gone.
    if (!this.starting) {
      this.remote[Comlink.releaseProxy]();
      this.worker.terminate();
      this.markDead(new EngineRestartedError(reason));
    }
    // A restart while a planned one waits supersedes it (no second new worker).
    const generation = ++this.generation;
    if (this.restarts.length >= MAX_RESTARTS) {
      this.broken = new Error(`The inference engine keeps failing (${reason}); reload the page.`);
      this.died = Promise.reject(this.broken);
      this.died.catch(() => undefined);
      this.notifyRestart(reason);
      return;
    }
    this.restarts.push(now);
    if (startAfterMs <= 0) {
      this.starting = null;
      this.start();
      this.notifyRestart(reason);
      return;
    }
    this.starting = new Promise<void>((resolve) =>
      setTimeout(() => {
        if (generation !== this.generation) return resolve();
        this.starting = null;
        this.start();
        resolve();
        this.notifyRestart(reason);
      }, startAfterMs),
    );
  }

  private notifyRestart(reason: string): void {
    for (const listener of this.listeners) listener(reason);
  }

  onRestart(listener: (reason: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private call<T>(fn: (remote: Comlink.Remote<EngineApi>) => Promise<T>): Promise<T> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.starting) return this.starting.then(() => this.call(fn));
    return Promise.race([fn(this.remote), this.died]);
  }

  environment(): Promise<EnvironmentInfo> {
    return this.call((r) => r.environment());
  }
  setConfig(xml: string): Promise<ConfigState> {
    return this.call((r) => r.setConfig(xml) as Promise<ConfigState>);
  }
  setTaskSources(sources: TaskSources): Promise<TaskSummary> {
    return this.call((r) => r.setTaskSources(sources));
  }
  loadModel(request: LoadModelRequest, onProgress?: Callback<LoadProgress>): Promise<ModelInfo> {
    return this.call((r) =>
      r.loadModel(request, onProgress ? Comlink.proxy(onProgress) : undefined),
    );
  }
  run(
    request: RunRequest,
    onProgress: Callback<RunProgress>,
    options?: RunOptions,
    onTaskEvent?: TaskEventCallback,
  ): Promise<RunSummary> {
    return this.call((r) =>
      r.run(
        request,
        Comlink.proxy(onProgress),
        options,
        onTaskEvent ? Comlink.proxy(onTaskEvent) : undefined,
      ),
    );
  }
  retryFailed(onProgress: Callback<RunProgress>): Promise<RunSummary> {
    return this.call((r) => r.retryFailed(Comlink.proxy(onProgress)));
  }
  pause(): Promise<void> {
    return this.call((r) => r.pause());
  }
  resume(): Promise<void> {
    return this.call((r) => r.resume());
  }
  cancel(): Promise<void> {
    return this.call((r) => r.cancel());
  }
  getTaskView(index: number): Promise<TaskView> {
    return this.call((r) => r.getTaskView(index));
  }
  exportFile(format: ExportFormat, options?: ExportFileOptions): Promise<ExportedFile> {
    return this.call((r) => r.exportFile(format, options));
  }
}
