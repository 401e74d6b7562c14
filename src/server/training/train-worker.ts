// Runs in a worker thread: imports the pluggable trainer module and calls its
// `train(input)`; posts back the result or the error message.
import { parentPort, workerData } from 'node:worker_threads';
import type { TrainerModule, WorkerData, WorkerReply } from './trainer-types';

const { trainer, input } = workerData as WorkerData;
let reply: WorkerReply;
try {
  const mod = (await import(trainer)) as Partial<TrainerModule>;
  if (typeof mod.train !== 'function') throw new Error(`${trainer} exports no train()`);
  reply = { ok: true, output: await mod.train(input) };
} catch (error) {
  reply = { ok: false, message: (error as Error).message ?? String(error) };
}
parentPort!.postMessage(reply);
