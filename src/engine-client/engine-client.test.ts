import * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Callback, RunProgress, RunRequest } from '../engine/api';
import { ENGINE_METHODS } from '../engine/api-methods';
import { EngineClient, EngineRestartedError } from './engine-client';

/** A stand-in Worker: comlink talks to `api` over a real MessageChannel. */
class FakeWorker extends EventTarget {
  private readonly port: MessagePort;
  terminated = false;

  constructor(api: object) {
    super();
    const channel = new MessageChannel();
    this.port = channel.port1;
    Comlink.expose(api, channel.port2);
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.port.addEventListener(type, listener as EventListener);
    else super.addEventListener(type, listener);
    this.port.start();
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null) {
    if (type === 'message') this.port.removeEventListener(type, listener as EventListener);
    else super.removeEventListener(type, listener);
  }

  postMessage(message: unknown, transfer: Transferable[] = []) {
    this.port.postMessage(message, transfer);
  }

  terminate() {
    this.terminated = true;
    this.port.close();
  }

  crash(message: string) {
    this.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message }));
  }
}

const workers: FakeWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

function clientWith(makeApi: (generation: number) => object) {
  let generation = 0;
  const client = new EngineClient(() => {
    const worker = new FakeWorker(makeApi(generation++));
    workers.push(worker);
    return worker as unknown as Worker;
  });
  return client;
}

describe('EngineClient', () => {
  it('forwards calls and proxies progress callbacks', async () => {
    const client = clientWith(() => ({
      async run(_request: RunRequest, onProgress: Callback<RunProgress>) {
        await onProgress({
          state: 'done',
          done: 2,
          total: 2,
          failed: 0,
          tasksPerSecond: 1,
          etaSeconds: 0,
        });
        return { state: 'done', done: 2, total: 2, failures: [], seconds: 2 };
      },
    }));
    const seen: RunProgress[] = [];
    const summary = await client.run(
      {
        targets: [
          { kind: 'rectangle', fromName: 'label', toName: 'image', hasLabels: true, mapping: {} },
        ],
        options: { confidence: 0.25, iou: 0.7, maxDetections: 100 },
      },
      (p) => seen.push(p),
    );
    expect(summary.done).toBe(2);
    expect(seen.map((p) => p.done)).toEqual([2]);
  });

  it('rejects pending calls when the worker dies, then works on a fresh worker', async () => {
    const client = clientWith((generation) => ({
      // The first worker never answers: as if it crashed mid-call.
      getTaskView: (index: number) =>
        generation === 0 ? new Promise(() => undefined) : Promise.resolve({ index, generation }),
    }));
    const reasons: string[] = [];
    client.onRestart((reason) => reasons.push(reason));

    const pending = client.getTaskView(0);
    workers[0]!.crash('out of memory');
    await expect(pending).rejects.toBeInstanceOf(EngineRestartedError);
    await expect(pending).rejects.toThrow('out of memory');
    expect(workers[0]!.terminated).toBe(true);
    expect(reasons).toEqual(['out of memory']);
    expect(workers).toHaveLength(2);
    await expect(client.getTaskView(3)).resolves.toEqual({ index: 3, generation: 1 });
  });

  it('a planned restart starts the new worker later; calls made meanwhile wait for it', async () => {
    vi.useFakeTimers();
    try {
      const client = clientWith((generation) => ({
        getTaskView: (index: number) => Promise.resolve({ index, generation }),
      }));
      const reasons: string[] = [];
      client.onRestart((reason) => reasons.push(reason));
      client.restart('recycled', { startAfterMs: 3000 });
      expect(workers[0]!.terminated).toBe(true);
      const waiting = client.getTaskView(7);
      await vi.advanceTimersByTimeAsync(2999);
      expect(workers).toHaveLength(1);
      expect(reasons).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(workers).toHaveLength(2);
      expect(reasons).toEqual(['recycled']);
      vi.useRealTimers();
      await expect(waiting).resolves.toEqual({ index: 7, generation: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a restart during a planned one replaces it: one new worker, not two', async () => {
    vi.useFakeTimers();
    try {
      const client = clientWith((generation) => ({
        getTaskView: (index: number) => Promise.resolve({ index, generation }),
      }));
      client.restart('recycled', { startAfterMs: 3000 });
      client.restart('timed out');
      expect(workers).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(3000);
      expect(workers).toHaveLength(2);
      expect(workers[1]!.terminated).toBe(false);
      vi.useRealTimers();
      await expect(client.getTaskView(1)).resolves.toEqual({ index: 1, generation: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up after repeated crashes instead of restarting forever', async () => {
    const client = clientWith(() => ({ environment: () => new Promise(() => undefined) }));
    for (let i = 0; i < 4; i++) workers[workers.length - 1]!.crash(`crash ${i}`);
    expect(workers).toHaveLength(4); // the first worker and 3 restarts
    await expect(client.environment()).rejects.toThrow(/keeps failing/);
  });

  it('has a method for every name in ENGINE_METHODS, each reaching the worker', async () => {
    const api = Object.fromEntries(
      ENGINE_METHODS.map((name) => [name, async (...args: unknown[]) => `${name}/${args.length}`]),
    );
    const client = clientWith(() => api);
    for (const name of ENGINE_METHODS) {
      const method = client[name] as (...args: unknown[]) => Promise<unknown>;
      await expect(method.call(client, 'a', 'b')).resolves.toBe(`${name}/2`);
    }
  });

  it('passes callbacks in any position as proxies (lsLoadProject: the third argument)', async () => {
    const client = clientWith(() => ({
      async lsLoadProject(projectId: number, _options: unknown, onProgress?: Callback<unknown>) {
        await onProgress?.({ loaded: projectId });
        return { ok: true, project: { id: projectId }, tasks: null };
      },
    }));
    const seen: unknown[] = [];
    const outcome = await client.lsLoadProject(7, { predictions: false } as never, (progress) =>
      seen.push(progress),
    );
    expect(outcome).toMatchObject({ ok: true, project: { id: 7 } });
    expect(seen).toEqual([{ loaded: 7 }]);
  });
});
