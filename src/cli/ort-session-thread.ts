// An onnxruntime-node session in its own worker thread. Its run blocks the
// thread that calls it (onnxruntime-node runs it synchronously), so on the
// main thread the next batch's decode and preprocess wait for each run;
// in a thread of its own they overlap it. Inputs move to the thread and come
// back with the output, so their buffers can be reused. Like an open file,
// the thread keeps the process alive until `release` (every caller releases
// in a finally).
import { Worker } from 'node:worker_threads';
import type * as ort from 'onnxruntime-node';

const ENTRY = new URL('./ort-session-thread-entry.mjs', import.meta.url);

export interface SessionThread {
  inputNames: readonly string[];
  /** One float32 input in, one output back; `input` is the same memory as `data`, handed back. */
  run(
    input: string,
    data: Float32Array,
    dims: readonly number[],
    output: string,
  ): Promise<{ output: Float32Array; outputDims: number[]; input: Float32Array }>;
  release(): Promise<void>;
}

type Reply =
  | { kind: 'ready'; inputNames: string[] }
  | { kind: 'released' }
  | { kind: 'ran'; id: number; output: Float32Array; outputDims: number[]; input: Float32Array }
  | { kind: 'failed'; id: number; message: string; input: Float32Array };

interface Pending {
  resolve: (r: { output: Float32Array; outputDims: number[]; input: Float32Array }) => void;
  reject: (e: Error) => void;
}

export async function openSessionThread(
  bytes: Uint8Array,
  options: ort.InferenceSession.SessionOptions,
): Promise<SessionThread> {
  const worker = new Worker(ENTRY, { workerData: { bytes, options } });
  const pending = new Map<number, Pending>();
  let failure: Error | null = null;
  let onReady: ((names: string[]) => void) | null = null;
  let onReleased: (() => void) | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const ready = new Promise<string[]>((resolve, reject) => {
    onReady = resolve;
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the session thread exited with code ${code}`)));
  });
  worker.on('error', (error) => fail(new Error(`the session thread failed: ${error.message}`)));
  worker.on('exit', (code) => {
    fail(new Error(`the session thread exited with code ${code}`));
    onReleased?.();
  });
  worker.on('message', (reply: Reply) => {
    if (reply.kind === 'ready') return onReady?.(reply.inputNames);
    if (reply.kind === 'released') return onReleased?.();
    const waiting = pending.get(reply.id);
    pending.delete(reply.id);
    if (reply.kind === 'ran') waiting?.resolve(reply);
    else waiting?.reject(new Error(reply.message));
  });
  let inputNames: string[];
  try {
    inputNames = await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  let nextId = 0;
  return {
    inputNames,
    run(input, data, dims, output) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      // Only a buffer of its own can move (a view would take its neighbours along).
      const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
      const sent = own && data.buffer instanceof ArrayBuffer ? data : data.slice();
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ kind: 'run', id, input, data: sent, dims, output }, [
          sent.buffer as ArrayBuffer,
        ]);
      });
    },
    async release() {
      if (failure) return;
      await new Promise<void>((resolve) => {
        onReleased = resolve;
        worker.postMessage({ kind: 'release' });
      });
      await worker.terminate();
    },
  };
}

/**
 * `size` session threads of one model behind the SessionThread interface: a
 * run goes to an idle thread, or waits for one in arrival order. With one
 * intra-op thread each, N sessions side by side do more images per CPU
 * second than one session splitting each run across N threads.
 */
export async function openSessionPool(
  bytes: Uint8Array,
  options: ort.InferenceSession.SessionOptions,
  size: number,
): Promise<SessionThread & { size: number }> {
  const opened = await Promise.allSettled(
    Array.from({ length: Math.max(1, size) }, () => openSessionThread(bytes, options)),
  );
  const threads = opened.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const failed = opened.find((o) => o.status === 'rejected');
  if (failed) {
    await Promise.all(threads.map((t) => t.release()));
    throw failed.reason;
  }
  const idle = [...threads];
  const waiting: ((thread: SessionThread) => void)[] = [];
  const take = () =>
    idle.length > 0
      ? Promise.resolve(idle.pop() as SessionThread)
      : new Promise<SessionThread>((resolve) => waiting.push(resolve));
  const give = (thread: SessionThread) => {
    const next = waiting.shift();
    if (next) next(thread);
    else idle.push(thread);
  };
  return {
    size: threads.length,
    inputNames: (threads[0] as SessionThread).inputNames,
    async run(input, data, dims, output) {
      const thread = await take();
      try {
        return await thread.run(input, data, dims, output);
      } finally {
        give(thread);
      }
    },
    async release() {
      await Promise.all(threads.map((t) => t.release()));
    },
  };
}
