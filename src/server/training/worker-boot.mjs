// Worker thread entry in plain JS: registers tsx so the TypeScript trainer
// (and the learner it imports) loads the way the CLI loads (bin/prelabel.mjs).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
