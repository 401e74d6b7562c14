import { describe, expect, it } from 'vitest';
import type { Timers } from '../../engine/task-timeout';
import { RunSupervisor } from './run-supervisor';

function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    setTimer: (fn) => {
      pending.set(++next, fn);
      return next;
    },
    clearTimer: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    fire: () => [...pending.values()].forEach((f) => f()),
    armed: () => pending.size,
  };
}

describe('RunSupervisor', () => {
  it('a task crashing the worker twice is failed; its neighbour is not', () => {
    const sup = new RunSupervisor({ taskTimeoutMs: 0, onOverrun: () => undefined });
    sup.onEvent({ index: 4, stage: 'infer' });
    sup.onEvent({ index: 5, stage: 'prepare' });
    expect(sup.workerDied().map((v) => v.giveUp)).toEqual([false, false]);
    expect(sup.suspects()).toEqual([4, 5]);
    // Resumed, alone: 4 passes, 5 crashes again.
    sup.onEvent({ index: 4, stage: 'prepare' });
    sup.onEvent({ index: 4, stage: 'infer' });
    sup.onEvent({ index: 4, stage: 'settled' });
    sup.onEvent({ index: 5, stage: 'prepare' });
    expect(sup.workerDied()).toEqual([
      {
        index: 5,
        crashes: 2,
        giveUp: true,
        message: 'the worker crashed twice on this task (out of memory?)',
      },
    ]);
  });

  it('an inference over the limit terminates the worker and fails that task at once', () => {
    const t = manualTimers();
    const overruns: string[] = [];
    const sup = new RunSupervisor({
      taskTimeoutMs: 120_000,
      onOverrun: (i, reason) => overruns.push(`${i}: ${reason}`),
      timers: t.timers,
    });
    sup.onEvent({ index: 0, stage: 'infer' });
    sup.onEvent({ index: 0, stage: 'settled' });
    expect(t.armed()).toBe(0);
    sup.onEvent({ index: 1, stage: 'infer' });
    sup.onEvent({ index: 2, stage: 'prepare' });
    t.fire();
    expect(overruns).toEqual(['1: task 2 took too long']);
    // The client then terminates the worker:
    expect(sup.workerDied()).toEqual([
      {
        index: 1,
        crashes: 1,
        giveUp: true,
        message: 'inference took longer than 120 s (the task timeout) and was stopped',
      },
      { index: 2, crashes: 0, giveUp: false, message: expect.any(String) },
    ]);
  });
});
