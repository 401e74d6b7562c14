// A stand-in learner for protocol tests: the head counts labels; predicting
// gives the most frequent label with its share as the score. With
// options.gate (an Int32Array on a SharedArrayBuffer) it marks gate[1] = 1
// when it starts and blocks until gate[0] becomes 1: the test sees the job
// "started" with this worker busy, then releases it.
import type { TrainInput, TrainOutput } from '../training/trainer-types';

export interface MajorityHead {
  counts: Record<string, number>;
  texts: number;
}

export function train(input: TrainInput): TrainOutput {
  const gate = input.options?.gate as Int32Array | undefined;
  if (gate) {
    Atomics.store(gate, 1, 1);
    Atomics.notify(gate, 1);
    while (Atomics.load(gate, 0) === 0) Atomics.wait(gate, 0, 0, 50);
  }
  if (input.options?.fail) throw new Error(String(input.options.fail));
  const counts: Record<string, number> = {};
  for (const e of input.examples) for (const l of e.labels) counts[l] = (counts[l] ?? 0) + 1;
  const head: MajorityHead = { counts, texts: input.examples.length };
  return { head, metrics: { examples: input.examples.length } };
}
