import { describe, expect, it } from 'vitest';
import { TaskTimeoutError, TaskWatchdog, withTimeout, type Timers } from './task-timeout';

function fakeTimers() {
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
    fireAll: () => {
      const fns = [...pending.values()];
      pending.clear();
      fns.forEach((f) => f());
    },
    get count() {
      return pending.size;
    },
  };
}

describe('withTimeout', () => {
  it('passes the value through and clears its timer', async () => {
    const t = fakeTimers();
    await expect(withTimeout(async () => 42, 1000, 'fetching a.png', t.timers)).resolves.toBe(42);
    expect(t.count).toBe(0);
  });

  it('rejects with TaskTimeoutError and aborts the work, even if the work ignores it', async () => {
    const t = fakeTimers();
    let signal: AbortSignal | undefined;
    const hung = withTimeout(
      (s) => {
        signal = s;
        return new Promise<never>(() => undefined);
      },
      90_000,
      'fetching a.png',
      t.timers,
    );
    t.fireAll();
    await expect(hung).rejects.toThrow(
      'fetching a.png took longer than 90 s (the task timeout) and was stopped',
    );
    await expect(hung).rejects.toBeInstanceOf(TaskTimeoutError);
    expect(signal?.aborted).toBe(true);
  });

  it('reports the timeout, not the abort error the work throws after it', async () => {
    const t = fakeTimers();
    const p = withTimeout(
      (s) =>
        new Promise((_, reject) =>
          s.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
      500,
      'decoding',
      t.timers,
    );
    t.fireAll();
    await expect(p).rejects.toBeInstanceOf(TaskTimeoutError);
  });

  it('has no limit when ms ≤ 0', async () => {
    const t = fakeTimers();
    await expect(withTimeout(async () => 'ok', 0, 'x', t.timers)).resolves.toBe('ok');
    expect(t.count).toBe(0);
  });
});

describe('TaskWatchdog', () => {
  it('fires once for a task that overruns, not for ones that finish', () => {
    const t = fakeTimers();
    const overruns: number[] = [];
    const dog = new TaskWatchdog(5000, (i) => overruns.push(i), t.timers);
    dog.started(0);
    dog.finished(0);
    expect(t.count).toBe(0);
    dog.started(1);
    expect(dog.watching).toBe(1);
    t.fireAll();
    expect(overruns).toEqual([1]);
    expect(dog.watching).toBeNull();
  });

  it('re-arms for the next task, and a stale finish does not disarm it', () => {
    const t = fakeTimers();
    const overruns: number[] = [];
    const dog = new TaskWatchdog(5000, (i) => overruns.push(i), t.timers);
    dog.started(2);
    dog.started(3);
    dog.finished(2);
    expect(t.count).toBe(1);
    t.fireAll();
    expect(overruns).toEqual([3]);
  });

  it('stop() disarms; a timeout ≤ 0 never arms', () => {
    const t = fakeTimers();
    const dog = new TaskWatchdog(5000, () => undefined, t.timers);
    dog.started(0);
    dog.stop();
    expect(t.count).toBe(0);
    const off = new TaskWatchdog(0, () => undefined, t.timers);
    off.started(0);
    expect(t.count).toBe(0);
  });
});
