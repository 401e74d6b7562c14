import { describe, expect, it } from 'vitest';
import { CRASHED_TWICE, CrashLedger, TAB_CRASHED_TWICE, crashMessage } from './crash-ledger';

describe('CrashLedger', () => {
  it('fails a task after its second crash; the run goes on', () => {
    const ledger = new CrashLedger();
    ledger.started(4, 'infer');
    expect(ledger.workerDied()).toEqual([{ index: 4, crashes: 1, giveUp: false }]);
    expect(ledger.runAlone(4)).toBe(true);
    ledger.started(4, 'infer');
    const [verdict] = ledger.workerDied();
    expect(verdict).toEqual({ index: 4, crashes: 2, giveUp: true });
    expect(ledger.message(verdict!)).toBe(CRASHED_TWICE);
  });

  it('blames both overlapped tasks once, then clears the innocent one when it runs alone', () => {
    // Task 7 infers while 8 is decoded; 8's huge image kills the worker.
    const ledger = new CrashLedger();
    ledger.started(7, 'infer');
    ledger.started(8, 'prepare');
    expect(ledger.workerDied().map((v) => v.giveUp)).toEqual([false, false]);
    // Resumed: 7 runs alone and succeeds; it is never failed.
    ledger.started(7, 'infer');
    ledger.finished(7);
    // 8 runs alone and crashes again: now it is failed.
    ledger.started(8, 'prepare');
    expect(ledger.workerDied()).toEqual([{ index: 8, crashes: 2, giveUp: true }]);
    expect(ledger.crashesOf(7)).toBe(1);
  });

  it('a finished task is not blamed for a later crash', () => {
    const ledger = new CrashLedger();
    ledger.started(1, 'infer');
    ledger.finished(1);
    ledger.started(2, 'infer');
    expect(ledger.workerDied().map((v) => v.index)).toEqual([2]);
    expect(ledger.inFlight()).toEqual([]);
  });

  it('continues from counts saved in the journal', () => {
    const ledger = new CrashLedger(2, { 3: 1 });
    expect(ledger.runAlone(3)).toBe(true);
    ledger.started(3, 'infer');
    expect(ledger.workerDied()[0]).toMatchObject({ index: 3, giveUp: true });
    expect(ledger.snapshot()).toEqual({ 3: 2 });
  });

  it('says what died: the worker, the tab, or (counts from both) either', () => {
    expect(crashMessage(2, 'worker')).toBe(CRASHED_TWICE);
    expect(crashMessage(2, 'tab')).toBe(TAB_CRASHED_TWICE);
    expect(crashMessage(3, 'tab')).toBe(
      'the tab crashed 3 times while this task was running (out of memory?)',
    );
    expect(crashMessage(2, 'either')).toMatch(/^the tab or its engine worker crashed twice/);
    const ledger = new CrashLedger(3);
    ledger.started(1, 'prepare');
    ledger.died();
    ledger.started(1, 'prepare');
    ledger.died();
    ledger.started(1, 'infer');
    const [verdict] = ledger.died();
    expect(verdict).toEqual({ index: 1, crashes: 3, giveUp: true });
    expect(ledger.message(verdict!)).toBe(
      'the worker crashed 3 times on this task (out of memory?)',
    );
  });
});
