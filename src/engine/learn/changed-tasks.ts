// The watch's copy of the project's tasks between polls, so a poll can ask
// Label Studio only for the tasks updated since the last one. Label Studio
// sets a task's updated_at whenever one of its annotations is created,
// changed or deleted (Annotation.save()/delete() → update_task() in
// label_studio/tasks/models.py; the Data Manager's bulk actions set it too:
// data_manager/actions/basic.py delete_tasks_annotations,
// predictions_to_annotations.py), and lists them with the Data Manager filter
// `filter:tasks:updated_at` (data_manager/managers.py). What that misses —
// a deleted task (no longer listed), annotations moved by a queryset update
// (data_manager/actions/remove_duplicates.py move_annotations) — the whole
// read every `fullEvery` polls catches.
import type { LsTask } from '../../core/tasks/types';

/** Whole reads this many polls apart at most (1: every poll reads everything). */
export const FULL_READ_EVERY = 10;
/**
 * Tasks updated this long before the newest one seen are asked for again: a
 * transaction that committed after a later one, and LS's microseconds against
 * the milliseconds of a JS date.
 */
export const CURSOR_MARGIN_MS = 60_000;

function updatedAt(task: LsTask): number | null {
  const at = typeof task.updated_at === 'string' ? Date.parse(task.updated_at) : NaN;
  return Number.isNaN(at) ? null : at;
}

export class ChangedTasks {
  private known = new Map<number, LsTask>();
  private cursor: number | null = null;
  private partials = 0;

  constructor(private readonly fullEvery = FULL_READ_EVERY) {}

  /** What the next poll asks for: tasks updated after this time, or everything (undefined). */
  since(): string | undefined {
    if (this.cursor === null || this.partials + 1 >= this.fullEvery) return undefined;
    return new Date(this.cursor).toISOString();
  }

  /** Takes a poll's answer; returns every task of the project as last seen. */
  merge(tasks: readonly LsTask[], complete: boolean): LsTask[] {
    // Tasks without an id cannot be matched between polls: read them all each time.
    if (tasks.some((t) => typeof t.id !== 'number')) {
      this.known.clear();
      this.cursor = null;
      return [...tasks];
    }
    if (complete) {
      this.known = new Map(tasks.map((t) => [t.id!, t]));
      this.partials = 0;
      this.cursor = null;
    } else {
      for (const t of tasks) this.known.set(t.id!, t);
      this.partials++;
    }
    // The server's clock, never the page's: the newest updated_at it gave.
    for (const t of tasks) {
      const at = updatedAt(t);
      if (at === null) continue;
      const from = at - CURSOR_MARGIN_MS;
      if (this.cursor === null || from > this.cursor) this.cursor = from;
    }
    return [...this.known.values()];
  }
}
