// The server's TextLearner over majority-trainer.ts (tests only).
import type { TextLearner } from '../learner-adapter';
import type { MajorityHead } from './majority-trainer';

export const majorityLearner: TextLearner = {
  trainer: new URL('./majority-trainer.ts', import.meta.url).href,
  name: 'majority',
  predict(head, _text, target) {
    const { counts, texts } = head as MajorityHead;
    const [label, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0] ?? [];
    if (!label) return { result: [], score: 0 };
    const value = { choices: [label] };
    return {
      result: [{ from_name: target.fromName, to_name: target.toName, type: 'choices', value }],
      score: n! / texts,
    };
  },
};

/** A gate for majority-trainer: open it to let the training finish. */
export function trainingGate() {
  const gate = new Int32Array(new SharedArrayBuffer(8));
  return {
    gate,
    /** True once the trainer is running in its worker. */
    entered: () => Atomics.load(gate, 1) === 1,
    open() {
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
    },
  };
}
