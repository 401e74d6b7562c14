import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../engine/api';
import { progressUpdate } from './progress-report';

const report = (state: RunProgress['state'], done: number): RunProgress => ({
  state,
  done,
  total: 2,
  failed: 0,
  tasksPerSecond: 1,
  etaSeconds: null,
});

describe('progressUpdate', () => {
  it('follows the engine while the run is on: running, paused, running again', () => {
    expect(progressUpdate('running', report('paused', 1), false)?.runStatus).toBe('paused');
    expect(progressUpdate('paused', report('running', 1), false)?.runStatus).toBe('running');
  });

  it('keeps the status the page set when the last report says done', () => {
    expect(progressUpdate('running', report('done', 2), false)).toEqual({
      progress: report('done', 2),
      runStatus: 'running',
    });
  });

  it('drops a running report that arrives after the run summary (the retry hang)', () => {
    // The summary said done; a report queued on the callback port arrives late.
    expect(progressUpdate('done', report('running', 1), true)).toBeNull();
    expect(progressUpdate('done', report('paused', 1), true)).toBeNull();
  });

  it('still shows a late final report, without changing the status', () => {
    expect(progressUpdate('done', report('done', 2), true)).toEqual({
      progress: report('done', 2),
      runStatus: 'done',
    });
    expect(progressUpdate('cancelled', report('cancelled', 1), true)?.runStatus).toBe('cancelled');
  });
});
