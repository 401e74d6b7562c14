// One worker thread per training job: the learner's CPU time never blocks the
// event loop (/health, /setup, /predict), and a crash or out-of-memory in it
// ends the job, not the server.
import { Worker } from 'node:worker_threads';
import type { TrainInput, TrainOutput, WorkerData, WorkerReply } from './trainer-types';

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./train-worker.ts', import.meta.url).href;

export function runTrainerInWorker(trainer: string, input: TrainInput): Promise<TrainOutput> {
  return new Promise((resolve, reject) => {
    const data: WorkerData = { entry: ENTRY, trainer, input };
    const worker = new Worker(BOOT, { workerData: data });
    let settled = false;
    worker.once('message', (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolve(reply.output);
      else reject(new Error(reply.message));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      if (settled) return;
      settled = true;
      reject(new Error(`training worker failed: ${error.message}`, { cause: error }));
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`training worker exited with code ${code} before answering`));
    });
  });
}
