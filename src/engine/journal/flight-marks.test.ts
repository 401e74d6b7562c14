import { describe, expect, it } from 'vitest';
import { FlightMarks, type FlightSink } from './flight-marks';

/**
 * A sink that keeps the last stored set and, as IndexedDB does with readwrite
 * transactions on one store, applies writes in the order they were issued;
 * `hold` keeps them back until `release`.
 */
function sink() {
  const log: number[][] = [];
  let stored: number[] | undefined;
  let gate: Promise<void> = Promise.resolve();
  let open: (() => void) | null = null;
  let last: Promise<void> = Promise.resolve();
  const impl: FlightSink = {
    writeFlight(_runId, tasks) {
      const held = gate;
      last = last.then(async () => {
        await held;
        log.push([...tasks]);
        stored = tasks.length > 0 ? [...tasks] : undefined;
      });
      return last;
    },
  };
  return {
    impl,
    log,
    stored: () => stored,
    hold: () => (gate = new Promise<void>((r) => (open = r))),
    release: () => {
      gate = Promise.resolve();
      open?.();
    },
  };
}

/** Whether `promise` settles within a few timer turns (a held write never does). */
async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  const late = new Promise<false>((r) => setTimeout(() => r(false), 20));
  return Promise.race([promise.then(() => true as const), late]);
}

describe('FlightMarks', () => {
  it('stores the tasks in flight once per task, before its work starts', async () => {
    const s = sink();
    const marks = new FlightMarks(s.impl, 'run');
    // The loop: prepare 0, infer 0 while preparing 1, 0 settles, infer 1 while preparing 2…
    await marks.started(0);
    expect(s.stored()).toEqual([0]);
    await marks.started(0); // infer 0: already marked, no write
    await marks.started(1);
    expect(s.stored()).toEqual([0, 1]);
    marks.settled(0);
    await marks.started(1);
    await marks.started(2);
    expect(s.stored()).toEqual([1, 2]);
    expect(s.log).toEqual([[0], [0, 1], [1, 2]]);
    expect(marks.writes).toBe(3);
  });

  it('started() resolves only once the mark is written', async () => {
    const s = sink();
    s.hold();
    const marks = new FlightMarks(s.impl, 'run');
    let marked = false;
    const started = marks.started(4).then(() => (marked = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(marked).toBe(false);
    s.release();
    await started;
    expect(s.stored()).toEqual([4]);
  });

  it("a task's later stage does not wait for the next task's mark to be written", async () => {
    const s = sink();
    const marks = new FlightMarks(s.impl, 'run');
    await marks.started(0); // prepare 0
    s.hold();
    let nextMarked = false;
    const next = marks.started(1).then(() => (nextMarked = true)); // prepare 1, write held
    // infer 0: its mark is stored already
    expect(await settlesSoon(marks.started(0))).toBe(true);
    expect(nextMarked).toBe(false);
    expect(s.stored()).toEqual([0]);
    s.release();
    await next;
    expect(s.stored()).toEqual([0, 1]);
    // Once 1 is stored, its own later stage does not wait for a mark of 2.
    s.hold();
    const third = marks.started(2);
    expect(await settlesSoon(marks.started(1))).toBe(true);
    s.release();
    await third;
    expect(s.log).toEqual([[0], [0, 1], [0, 1, 2]]);
  });

  it('a pause removes the marks; the next stage after it marks again', async () => {
    const s = sink();
    const marks = new FlightMarks(s.impl, 'run');
    await marks.started(3);
    await marks.started(4);
    marks.suspend();
    marks.suspend(); // a second 'paused' progress writes nothing more
    await marks.started(5); // a prepare finishing while paused is not written either
    expect(s.stored()).toBeUndefined();
    marks.unsuspend();
    await marks.started(4); // infer 4 after the pause
    expect(s.stored()).toEqual([3, 4, 5]);
    expect(marks.writes).toBe(4);
  });

  it('close() removes the marks, after any write queued before it, and ignores stragglers', async () => {
    const s = sink();
    s.hold();
    const marks = new FlightMarks(s.impl, 'run');
    void marks.started(1);
    const closed = marks.close();
    // A suspect's prepare released after the run ended must not mark it again.
    await marks.started(2);
    s.release();
    await closed;
    expect(s.log).toEqual([[1], []]);
    expect(s.stored()).toBeUndefined();
  });

  it('issues each write at once, while earlier ones are still pending', () => {
    const issued: number[][] = [];
    const never = new Promise<void>(() => undefined);
    const marks = new FlightMarks(
      { writeFlight: (_run, tasks) => (issued.push([...tasks]), never) },
      'run',
    );
    void marks.started(0);
    void marks.started(1);
    // Synchronously: the engine posts the decode right after (see the header).
    expect(issued).toEqual([[0], [0, 1]]);
  });

  it('a failing write does not fail the task', async () => {
    const marks = new FlightMarks({ writeFlight: () => Promise.reject(new Error('quota')) }, 'run');
    await expect(marks.started(0)).resolves.toBeUndefined();
    await expect(marks.close()).resolves.toBeUndefined();
  });
});
