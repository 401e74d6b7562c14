// Folding a retry into the push it retried, grouping reasons, items to push.

import { describe, expect, it } from 'vitest';
import type { PushItemReport, PushReport } from '../../core/ls-client';
import { boxPrediction } from '../../core/ls-client/test-fixtures';
import type { LsPrediction } from '../../core/results/types';
import { enginePushSource } from './push-items';
import { countStatuses, failedIndices, groupReasons, mergeRetry } from './push-result';

function report(items: PushItemReport[], extra: Partial<PushReport> = {}): PushReport {
  return {
    server: 'http://ls/',
    projectId: 1,
    dryRun: false,
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:01:00.000Z',
    modelVersions: ['m@1'],
    attachEndpoint: 'import-predictions',
    summary: countStatuses(items),
    items,
    ...extra,
  };
}

const item = (
  index: number,
  status: PushItemReport['status'],
  reason?: string,
): PushItemReport => ({
  index,
  action: 'attach',
  status,
  modelVersion: 'm@1',
  taskId: 100 + index,
  ...(reason ? { reason } : {}),
});

describe('mergeRetry', () => {
  it('replaces the retried items by position and recounts the whole push', () => {
    const first = report(
      [
        item(0, 'sent'),
        item(1, 'failed', 'HTTP 503'),
        item(2, 'skipped', 'x'),
        item(3, 'failed', 'HTTP 503'),
      ],
      { stopped: { kind: 'network', message: 'broke' } },
    );
    expect(failedIndices(first)).toEqual([1, 3]);
    // The retry pushed items 1 and 3 as its items 0 and 1; item 3 failed again.
    const retry = report([item(0, 'sent'), item(1, 'failed', 'HTTP 500')], {
      finishedAt: '2025-01-01T00:05:00.000Z',
      attachEndpoint: 'predictions',
    });
    const merged = mergeRetry(first, retry, [1, 3]);
    expect(merged.items.map((i) => [i.index, i.status])).toEqual([
      [0, 'sent'],
      [1, 'sent'],
      [2, 'skipped'],
      [3, 'failed'],
    ]);
    expect(merged.items[3]!.reason).toBe('HTTP 500');
    expect(merged.summary).toEqual({
      total: 4,
      sent: 2,
      skipped: 1,
      failed: 1,
      invalid: 0,
      wouldSend: 0,
    });
    expect(merged.stopped).toBeUndefined();
    expect(merged.finishedAt).toBe('2025-01-01T00:05:00.000Z');
    expect(merged.attachEndpoint).toBe('predictions');
    expect(first.items[1]!.status).toBe('failed');
  });
});

describe('groupReasons', () => {
  it('groups reasons that differ only by task number, failed first, with examples', () => {
    const r = report([
      item(0, 'skipped', 'task 100 already has a prediction of model_version "m@1" on the server'),
      item(1, 'skipped', 'task 101 already has a prediction of model_version "m@1" on the server'),
      item(2, 'failed', 'gave up after 6 attempts: HTTP 503'),
      item(3, 'sent'),
      { ...item(4, 'invalid'), issues: ['label "Horse" is not in the config'] },
    ]);
    const groups = groupReasons(r);
    expect(groups.map((g) => [g.status, g.count])).toEqual([
      ['failed', 1],
      ['invalid', 1],
      ['skipped', 2],
    ]);
    expect(groups[2]!.examples).toEqual(['task 100', 'task 101']);
    expect(groups[2]!.reason).toContain('task #');
  });
});

describe('enginePushSource', () => {
  const blob = new Blob([new Uint8Array(3)]);
  const tasks = [
    { id: 7, data: { image: '/data/upload/1/a.png' } },
    { data: { image: 'b.png' } },
    { data: { image: 'c.png' } },
    { data: { image: 'https://x/d.png' } },
  ];
  const media = (task: { data: Record<string, unknown> }) =>
    task.data.image === 'c.png' ? { name: 'c.png', blob } : undefined;

  /** Done tasks in index order, as the engine's prediction store gives them (task 1 has none). */
  function store(done: Map<number, LsPrediction>) {
    return {
      async *entries() {
        for (const index of [...done.keys()].sort((a, b) => a - b)) {
          yield [index, done.get(index)!] as const;
        }
      },
      get: async (index: number) => done.get(index),
      count: done.size,
    };
  }

  it('pairs tasks with predictions, skips tasks without one, attaches local media to tasks without id', async () => {
    const done = new Map([0, 2, 3].map((i) => [i, boxPrediction(`m@${i}`)]));
    const source = enginePushSource(tasks, store(done), media);
    expect(source.total).toBe(3);
    const items = [];
    for await (const item of source.items()) items.push(item);
    expect(items.map((i) => i.prediction.model_version)).toEqual(['m@0', 'm@2', 'm@3']);
    expect(items[0]!.task).toBe(tasks[0]);
    expect(items[0]!.media).toBeUndefined();
    expect(items[1]!.media).toEqual({ name: 'c.png', blob });
    expect(items[2]!.media).toBeUndefined();
  });

  it('reads positions of the last pass again (a retry), leaving out what has no prediction now', async () => {
    const done = new Map([0, 2, 3].map((i) => [i, boxPrediction(`m@${i}`)]));
    const source = enginePushSource(tasks, store(done), media);
    for await (const _ of source.items()) void _;
    done.delete(2);
    done.set(3, boxPrediction('m@3b'));
    const again = [];
    for await (const [position, item] of source.itemsAt([1, 2])) {
      again.push([position, item.task, item.prediction.model_version]);
    }
    // Position 1 was task 2 (no prediction any more); position 2 is task 3.
    expect(again).toEqual([[2, tasks[3], 'm@3b']]);
  });
});
