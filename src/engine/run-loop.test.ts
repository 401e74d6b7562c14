import { describe, expect, it } from 'vitest';
import type { RunProgress } from './api';
import { RunControl, TaskStageError, runTasks } from './run-loop';

/** A clock the test moves by hand. */
function fakeClock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('runTasks', () => {
  it('prepares the next task while the current one is inferred', async () => {
    const clock = fakeClock();
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const summary = runTasks(
      {
        indices: [0, 1, 2],
        prepare: async (i) => {
          log.push(`prepare ${i}`);
          return i;
        },
        infer: async (i) => {
          log.push(`infer ${i} start`);
          await gates[i]!.promise;
          log.push(`infer ${i} end`);
        },
        taskName: (i) => `t${i}`,
        onProgress: () => {},
        now: clock.now,
      },
      new RunControl(clock.now),
    );
    for (const gate of gates) {
      await new Promise((r) => setTimeout(r, 0));
      gate.resolve();
    }
    expect((await summary).state).toBe('done');
    // prepare 1 happens before infer 0 ends; prepare 2 before infer 1 ends.
    expect(log.indexOf('prepare 1')).toBeLessThan(log.indexOf('infer 0 end'));
    expect(log.indexOf('prepare 2')).toBeLessThan(log.indexOf('infer 1 end'));
    expect(log.filter((l) => l.startsWith('infer') && l.endsWith('end'))).toEqual([
      'infer 0 end',
      'infer 1 end',
      'infer 2 end',
    ]);
  });

  it('records failures with their stage and task name, and keeps going', async () => {
    const clock = fakeClock();
    const inferred: number[] = [];
    const summary = await runTasks(
      {
        indices: [0, 1, 2, 3],
        prepare: async (i) => {
          if (i === 1) throw new Error('HTTP 404');
          return i;
        },
        infer: async (i) => {
          if (i === 2) throw new TaskStageError('validation', 'label "Dog" is not in the config');
          if (i === 3) throw new Error('out of memory');
          inferred.push(i);
        },
        taskName: (i) => `img${i}.jpg`,
        onProgress: () => {},
        now: clock.now,
      },
      new RunControl(clock.now),
    );
    expect(summary.done).toBe(4);
    expect(inferred).toEqual([0]);
    expect(summary.failures).toEqual([
      { index: 1, name: 'img1.jpg', stage: 'image', message: 'HTTP 404' },
      {
        index: 2,
        name: 'img2.jpg',
        stage: 'validation',
        message: 'label "Dog" is not in the config',
      },
      { index: 3, name: 'img3.jpg', stage: 'inference', message: 'out of memory' },
    ]);
  });

  it('throttles progress, reports speed and ETA, and always reports the end', async () => {
    const clock = fakeClock();
    const events: RunProgress[] = [];
    await runTasks(
      {
        indices: Array.from({ length: 20 }, (_, i) => i),
        prepare: async (i) => i,
        infer: async () => {
          clock.advance(20); // 50 tasks/s
        },
        taskName: String,
        onProgress: (p) => events.push(p),
        now: clock.now,
        progressIntervalMs: 100,
      },
      new RunControl(clock.now),
    );
    // 20 tasks × 20 ms = 400 ms: the start, about one per 100 ms, and the end.
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events.length).toBeLessThanOrEqual(7);
    const last = events[events.length - 1]!;
    expect(last).toMatchObject({ state: 'done', done: 20, total: 20, failed: 0, etaSeconds: 0 });
    expect(last.tasksPerSecond).toBeCloseTo(50, 5);
    const middle = events.find((e) => e.done > 0 && e.done < 20)!;
    expect(middle.etaSeconds).toBeCloseTo((20 - middle.done) / 50, 5);
  });

  it('pauses between tasks, excludes paused time from the speed, and resumes', async () => {
    const clock = fakeClock();
    const control = new RunControl(clock.now);
    const events: RunProgress[] = [];
    const inferred: number[] = [];
    const summary = runTasks(
      {
        indices: [0, 1, 2],
        prepare: async (i) => i,
        infer: async (i) => {
          inferred.push(i);
          clock.advance(100);
          if (i === 0) control.pause();
        },
        taskName: String,
        onProgress: (p) => events.push(p),
        now: clock.now,
        progressIntervalMs: 0,
      },
      control,
    );
    await new Promise((r) => setTimeout(r, 5));
    expect(inferred).toEqual([0]);
    expect(events[events.length - 1]?.state).toBe('paused');
    clock.advance(60_000); // a long pause must not slow the measured speed
    control.resume();
    const result = await summary;
    expect(result.state).toBe('done');
    expect(inferred).toEqual([0, 1, 2]);
    expect(events[events.length - 1]?.tasksPerSecond).toBeCloseTo(10, 5);
  });

  it('stops at cancel, even while paused, and says so', async () => {
    const clock = fakeClock();
    const control = new RunControl(clock.now);
    const inferred: number[] = [];
    const summary = runTasks(
      {
        indices: [0, 1, 2, 3],
        prepare: async (i) => i,
        infer: async (i) => {
          inferred.push(i);
          if (i === 1) control.pause();
        },
        taskName: String,
        onProgress: () => {},
        now: clock.now,
      },
      control,
    );
    await new Promise((r) => setTimeout(r, 5));
    control.cancel();
    const result = await summary;
    expect(result).toMatchObject({ state: 'cancelled', done: 2, total: 4 });
    expect(inferred).toEqual([0, 1]);
  });

  it('drops the task whose image arrives after a cancel, and prepares no further', async () => {
    const clock = fakeClock();
    const control = new RunControl(clock.now);
    const image1 = deferred<number>();
    const prepared: number[] = [];
    const inferred: number[] = [];
    const summary = runTasks(
      {
        indices: [0, 1, 2],
        prepare: (i) => {
          prepared.push(i);
          return i === 1 ? image1.promise : Promise.resolve(i);
        },
        infer: async (i) => {
          inferred.push(i);
        },
        taskName: String,
        onProgress: () => {},
        now: clock.now,
      },
      control,
    );
    await new Promise((r) => setTimeout(r, 5));
    expect(inferred).toEqual([0]);
    control.cancel();
    image1.resolve(1);
    expect(await summary).toMatchObject({ state: 'cancelled', done: 1 });
    expect(inferred).toEqual([0]);
    expect(prepared).toEqual([0, 1]);
  });

  it('takes a pause sent while a task held the thread at the next boundary, not a task later', async () => {
    const clock = fakeClock();
    const control = new RunControl(clock.now);
    const inferred: number[] = [];
    const summary = runTasks(
      {
        indices: [0, 1, 2],
        prepare: async (i) => i,
        infer: async (i) => {
          inferred.push(i);
          // The page's "pause" arrives as a message, handled once the thread is free.
          if (i === 0) setTimeout(() => control.pause(), 0);
        },
        taskName: String,
        onProgress: () => {},
        now: clock.now,
        yieldToMessages: () => new Promise((r) => setTimeout(r, 5)),
      },
      control,
    );
    await new Promise((r) => setTimeout(r, 30));
    expect(inferred).toEqual([0]);
    control.resume();
    expect(await summary).toMatchObject({ state: 'done', done: 3 });
  });

  it('a cancel that comes after the last task started leaves the run done, not "cancelled"', async () => {
    const clock = fakeClock();
    const control = new RunControl(clock.now);
    const result = await runTasks(
      {
        indices: [0, 1],
        prepare: async (i) => i,
        infer: async (i) => {
          if (i === 1) control.cancel();
        },
        taskName: String,
        onProgress: () => {},
        now: clock.now,
      },
      control,
    );
    expect(result).toMatchObject({ state: 'done', done: 2, total: 2 });
  });

  it('reports a finished task at once when the next image is slow to come', async () => {
    const clock = fakeClock();
    const control = new RunControl(clock.now);
    const image1 = deferred<number>();
    const events: RunProgress[] = [];
    const summary = runTasks(
      {
        indices: [0, 1],
        prepare: (i) => (i === 1 ? image1.promise : Promise.resolve(i)),
        infer: async () => {},
        taskName: String,
        onProgress: (p) => events.push(p),
        now: clock.now,
        progressIntervalMs: 60_000,
      },
      control,
    );
    await new Promise((r) => setTimeout(r, 5));
    expect(events[events.length - 1]).toMatchObject({ state: 'running', done: 1 });
    image1.resolve(1);
    expect(await summary).toMatchObject({ state: 'done', done: 2 });
  });

  it('holds a task whose image arrives after a pause, and runs it on resume', async () => {
    const clock = fakeClock();
    const control = new RunControl(clock.now);
    const image1 = deferred<number>();
    const inferred: number[] = [];
    const events: RunProgress[] = [];
    const summary = runTasks(
      {
        indices: [0, 1, 2],
        prepare: (i) => (i === 1 ? image1.promise : Promise.resolve(i)),
        infer: async (i) => {
          inferred.push(i);
        },
        taskName: String,
        onProgress: (p) => events.push(p),
        now: clock.now,
        progressIntervalMs: 0,
      },
      control,
    );
    await new Promise((r) => setTimeout(r, 5));
    control.pause();
    image1.resolve(1);
    await new Promise((r) => setTimeout(r, 5));
    expect(inferred).toEqual([0]);
    expect(events[events.length - 1]).toMatchObject({ state: 'paused', done: 1 });
    control.resume();
    expect(await summary).toMatchObject({ state: 'done', done: 3 });
    expect(inferred).toEqual([0, 1, 2]);
  });

  it('stores what is done before it reports a pause', async () => {
    const clock = fakeClock();
    const control = new RunControl(clock.now);
    const log: string[] = [];
    const summary = runTasks(
      {
        indices: [0, 1],
        prepare: async (i) => i,
        infer: async (i) => {
          if (i === 0) control.pause();
        },
        taskName: String,
        onProgress: (p) => log.push(`progress ${p.state} ${p.done}`),
        beforePause: async () => {
          await new Promise((r) => setTimeout(r, 1));
          log.push('flushed');
        },
        now: clock.now,
        progressIntervalMs: 0,
      },
      control,
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(log.slice(-2)).toEqual(['flushed', 'progress paused 1']);
    control.resume();
    await summary;
  });
});
