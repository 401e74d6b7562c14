// The watch's copy of the project between polls: what it asks for (tasks
// updated since the newest updated_at seen, less a margin; everything every
// N polls), and how a partial answer is merged into the whole.
import { describe, expect, it } from 'vitest';
import type { LsTask } from '../../core/tasks/types';
import { ChangedTasks, CURSOR_MARGIN_MS } from './changed-tasks';

const task = (id: number, updated_at: string, label = 'a'): LsTask => ({
  id,
  data: { text: `t${id}` },
  annotations: [{ id, result: label }],
  updated_at,
});

const minus = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString();

describe('ChangedTasks', () => {
  it('reads everything first, then only what changed since the newest updated_at seen (less the margin)', () => {
    const c = new ChangedTasks(3);
    expect(c.since()).toBeUndefined();
    const all = c.merge(
      [task(1, '2026-12-07T10:00:00.000000Z'), task(2, '2026-12-07T10:05:00.123456Z')],
      true,
    );
    expect(all.map((t) => t.id)).toEqual([1, 2]);
    expect(c.since()).toBe(minus('2026-12-07T10:05:00.123Z', CURSOR_MARGIN_MS));

    // Task 1 edited, task 3 new: merged into the whole, the rest kept as they were.
    const merged = c.merge(
      [task(1, '2026-12-07T10:06:00.000Z', 'b'), task(3, '2026-12-07T10:06:01.000Z')],
      false,
    );
    expect(merged.map((t) => [t.id, (t.annotations![0] as { result: string }).result])).toEqual([
      [1, 'b'],
      [2, 'a'],
      [3, 'a'],
    ]);
    expect(c.since()).toBe(minus('2026-12-07T10:06:01.000Z', CURSOR_MARGIN_MS));
    c.merge([], false);
    expect(c.since()).toBeUndefined(); // poll 4 (1 + 3): the whole project again
    // A task deleted in Label Studio is gone after the whole read.
    const again = c.merge([task(1, '2026-12-07T10:06:00.000Z', 'b')], true);
    expect(again.map((t) => t.id)).toEqual([1]);
    expect(c.since()).toBe(minus('2026-12-07T10:06:00.000Z', CURSOR_MARGIN_MS));
  });

  it('an empty partial answer keeps the cursor; the cursor never goes back', () => {
    const c = new ChangedTasks();
    c.merge([task(1, '2026-12-07T10:05:00.000Z')], true);
    const since = c.since();
    expect(c.merge([], false).map((t) => t.id)).toEqual([1]);
    expect(c.since()).toBe(since);
    c.merge([task(1, '2026-12-07T09:00:00.000Z')], false);
    expect(c.since()).toBe(since);
  });

  it('reads everything every poll when the server gives no updated_at or a task has no id', () => {
    const noTime = new ChangedTasks();
    noTime.merge([{ id: 1, data: {} }], true);
    expect(noTime.since()).toBeUndefined();
    const noId = new ChangedTasks();
    noId.merge([{ data: {}, updated_at: '2026-12-07T10:00:00.000Z' }], true);
    expect(noId.since()).toBeUndefined();
  });

  it('fullEvery 1 reads everything every poll', () => {
    const c = new ChangedTasks(1);
    c.merge([task(1, '2026-12-07T10:05:00.000Z')], true);
    expect(c.since()).toBeUndefined();
  });
});
