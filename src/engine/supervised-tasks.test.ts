import { describe, expect, it } from 'vitest';
import type { TaskFailure } from './api';
import { RunControl, TaskStageError, runTasks } from './run-loop';
import { superviseTasks, type TaskEvent } from './supervised-tasks';
import type { Timers } from './task-timeout';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** Runs the real loop over supervised steps; `work` decides each task's fate. */
async function run(
  indices: number[],
  options: {
    prepare?: (i: number) => Promise<number>;
    infer?: (i: number) => Promise<void>;
    runAlone?: (i: number) => boolean;
    prepareTimeoutMs?: number;
    timers?: Timers;
  } = {},
) {
  const events: string[] = [];
  const settled: [number, TaskFailure | undefined][] = [];
  const steps = superviseTasks<number>({
    prepare: options.prepare ?? (async (i) => i),
    infer: options.infer ?? (async () => undefined),
    taskName: (i) => `img${i}.png`,
    ...(options.runAlone ? { runAlone: options.runAlone } : {}),
    onEvent: (e: TaskEvent) => events.push(`${e.stage} ${e.index}`),
    onSettled: (i, failure) => void settled.push([i, failure]),
    ...(options.prepareTimeoutMs ? { prepareTimeoutMs: options.prepareTimeoutMs } : {}),
    ...(options.timers ? { timers: options.timers } : {}),
  });
  const summary = await runTasks(
    {
      indices,
      prepare: steps.prepare,
      infer: steps.infer,
      taskName: (i) => `img${i}.png`,
      onProgress: () => undefined,
      now: () => 0,
    },
    new RunControl(() => 0),
  );
  return { summary, events, settled };
}

describe('superviseTasks', () => {
  it('reports every task as it settles, done or failed with its stage', async () => {
    const { summary, settled, events } = await run([0, 1, 2, 3], {
      prepare: async (i) => {
        if (i === 1) throw new Error('HTTP 404 fetching img1.png');
        return i;
      },
      infer: async (i) => {
        if (i === 2) throw new TaskStageError('validation', 'label "x" is not in the config');
      },
    });
    // In the order tasks settle: task 1's fetch fails while task 0 is still inferring.
    expect([...settled].sort((a, b) => a[0] - b[0])).toEqual([
      [0, undefined],
      [1, { index: 1, name: 'img1.png', stage: 'image', message: 'HTTP 404 fetching img1.png' }],
      [
        2,
        {
          index: 2,
          name: 'img2.png',
          stage: 'validation',
          message: 'label "x" is not in the config',
        },
      ],
      [3, undefined],
    ]);
    // The loop's own summary agrees on stages.
    expect(summary.failures.map((f) => [f.index, f.stage])).toEqual([
      [1, 'image'],
      [2, 'validation'],
    ]);
    expect(events.filter((e) => e.startsWith('settled'))).toHaveLength(4);
  });

  it('overlaps normal tasks, but runs a crash suspect with nothing else in flight', async () => {
    const inFlight = new Set<number>();
    const seenWith = new Map<number, number[]>();
    const busy = async (i: number) => {
      inFlight.add(i);
      seenWith.set(i, [...(seenWith.get(i) ?? []), ...[...inFlight].filter((j) => j !== i)]);
      await tick();
      await tick();
      seenWith.set(i, [...(seenWith.get(i) ?? []), ...[...inFlight].filter((j) => j !== i)]);
    };
    await run([0, 1, 2, 3, 4], {
      prepare: async (i) => {
        await busy(i);
        return i;
      },
      infer: async (i) => {
        await busy(i);
        inFlight.delete(i);
      },
      runAlone: (i) => i === 2,
    });
    expect(seenWith.get(2)).toEqual([]);
    // Task 1 overlapped with 0 (normal), but not with the suspect.
    expect(seenWith.get(1)).toContain(0);
    expect(seenWith.get(1)).not.toContain(2);
    expect(seenWith.get(3)).not.toContain(2);
  });

  it('fails a prepare stage that hangs, and goes on', async () => {
    const pending = new Map<number, () => void>();
    let next = 0;
    const timers: Timers = {
      setTimer: (fn) => {
        pending.set(++next, fn);
        return next;
      },
      clearTimer: (h) => void pending.delete(h as number),
    };
    const result = run([0, 1], {
      prepare: (i) => (i === 0 ? new Promise<number>(() => undefined) : Promise.resolve(i)),
      prepareTimeoutMs: 30_000,
      timers,
    });
    await tick();
    for (const fire of [...pending.values()]) fire();
    const { summary, settled } = await result;
    expect(summary.failures).toEqual([
      {
        index: 0,
        name: 'img0.png',
        stage: 'image',
        message: 'reading img0.png took longer than 30 s (the task timeout) and was stopped',
      },
    ]);
    expect(settled.map(([i]) => i)).toEqual([0, 1]);
  });

  it('issues the prepare mark before the work and awaits the infer mark', async () => {
    const log: string[] = [];
    const steps = superviseTasks<number>({
      prepare: async (i) => (log.push(`prepare ${i}`), i),
      infer: async (i) => void log.push(`infer ${i}`),
      taskName: (i) => `t${i}`,
      mark: async (i, stage) => {
        log.push(`mark ${stage} ${i}`);
        await tick();
        log.push(`marked ${stage} ${i}`);
        if (i === 1) throw new Error('quota');
      },
    });
    await steps.infer(0, await steps.prepare(0));
    await steps.infer(1, await steps.prepare(1));
    await tick();
    expect(log).toEqual([
      // The prepare work does not wait for its mark's write (see supervised-tasks.ts).
      'mark prepare 0',
      'prepare 0',
      'mark infer 0',
      'marked prepare 0',
      'marked infer 0',
      'infer 0',
      // A mark that cannot be written does not stop the task.
      'mark prepare 1',
      'prepare 1',
      'mark infer 1',
      'marked prepare 1',
      'marked infer 1',
      'infer 1',
    ]);
  });

  it('a task run alone waits for its prepare mark to be stored', async () => {
    const log: string[] = [];
    const steps = superviseTasks<number>({
      prepare: async (i) => (log.push(`prepare ${i}`), i),
      infer: async () => undefined,
      taskName: (i) => `t${i}`,
      runAlone: (i) => i === 0,
      mark: async (i, stage) => {
        await tick();
        log.push(`marked ${stage} ${i}`);
      },
    });
    await steps.prepare(0);
    expect(log).toEqual(['marked prepare 0', 'prepare 0']);
  });

  it('a journal that cannot write does not fail the task', async () => {
    const steps = superviseTasks<number>({
      prepare: async (i) => i,
      infer: async () => undefined,
      taskName: (i) => `t${i}`,
      onSettled: () => Promise.reject(new Error('quota')),
    });
    await expect(steps.infer(0, await steps.prepare(0))).resolves.toBeUndefined();
  });
});
