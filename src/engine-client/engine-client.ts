// The page's handle on the engine worker: creates it, wraps it with comlink,
// and replaces the worker when it dies (pending calls then reject with
// EngineRestartedError instead of hanging). Its EngineApi methods are not
// written here: they are made from ENGINE_METHODS (engine/api-methods.ts),
// each a restart-aware call whose function arguments (progress callbacks)
// cross as Comlink proxies, as Squoosh's WorkerBridge makes its methods.

import * as Comlink from 'comlink';
import type { EngineApi } from '../engine/api';
import { ENGINE_METHODS } from '../engine/api-methods';
import { engineWorkerName } from '../engine/ort-module-tag';
import { ModuleTags } from './module-tags';

export class EngineRestartedError extends Error {
  constructor(reason: string) {
    super(`The inference engine stopped (${reason}) and was restarted.`);
    this.name = 'EngineRestartedError';
  }
}

export type WorkerFactory = () => Worker;

const moduleTags = new ModuleTags();

const defaultFactory: WorkerFactory = () =>
  new Worker(new URL('../engine/worker.ts', import.meta.url), {
    type: 'module',
    name: engineWorkerName(moduleTags.next()),
  });

/** Restarts allowed within RESTART_WINDOW_MS before giving up (a worker that cannot even load). */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 30_000;

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
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

  /** One method per ENGINE_METHODS name: the same call on the current worker. */
  static {
    for (const name of ENGINE_METHODS) {
      Object.defineProperty(EngineClient.prototype, name, {
        value(this: EngineClient, ...args: unknown[]): Promise<unknown> {
          return this.call((remote) => {
            const method = remote[name] as (...crossing: unknown[]) => Promise<unknown>;
            return method(...args.map(crossable));
          });
        },
        writable: true,
        configurable: true,
      });
    }
  }
}

/** Callbacks cannot be cloned: they cross as proxies the worker calls back through. */
function crossable(arg: unknown): unknown {
  return typeof arg === 'function' ? Comlink.proxy(arg) : arg;
}

// The EngineApi half of EngineClient: the methods its static block makes.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface EngineClient extends EngineApi {}
