// What changed between two polls of a project: each annotation is known by
// its id and updated_at (a static page gets no webhooks), so a new, edited,
// cancelled or deleted annotation counts once. Tasks that still have no live
// annotation are the ones to predict.
import { liveAnnotations } from '../../core/annotations';
import type { LsTask } from '../../core/tasks/types';
import { sha256Hex } from '../journal/fingerprint';

type Seen = Map<string, Set<string>>;

function signatures(task: LsTask): Set<string> {
  const out = new Set<string>();
  const list = Array.isArray(task.annotations) ? task.annotations : [];
  list.forEach((raw, i) => {
    if (typeof raw !== 'object' || raw === null) return;
    const a = raw as Record<string, unknown>;
    const id = typeof a.id === 'number' || typeof a.id === 'string' ? String(a.id) : `#${i}`;
    const when = String(a.updated_at ?? a.created_at ?? '');
    out.add(`${id}|${when}|${a.was_cancelled === true ? 'x' : ''}`);
  });
  return out;
}

function keyOf(task: LsTask, index: number): string {
  return typeof task.id === 'number' ? `id:${task.id}` : `at:${index}`;
}

export class AnnotationChanges {
  private seen: Seen = new Map();

  /** Annotations new, edited or gone since the last call (all of them on the first). */
  update(tasks: readonly LsTask[]): number {
    const next: Seen = new Map();
    let changed = 0;
    tasks.forEach((task, i) => {
      const now = signatures(task);
      const key = keyOf(task, i);
      next.set(key, now);
      const before = this.seen.get(key) ?? new Set<string>();
      for (const s of now) if (!before.has(s)) changed++;
      for (const s of before) if (!now.has(s)) changed++;
    });
    for (const [key, before] of this.seen) if (!next.has(key)) changed += before.size;
    this.seen = next;
    return changed;
  }

  /** What the last update saw, as one hash: a watch resumed after an engine restart compares it. */
  digest(): Promise<string> {
    const lines: string[] = [];
    for (const [key, sigs] of this.seen) for (const s of sigs) lines.push(`${key}|${s}`);
    return sha256Hex(lines.sort().join('\n'));
  }
}

/** Tasks nobody has labelled yet (no annotation, or only cancelled ones; counters as fallback). */
export function unlabelledTasks<T extends LsTask>(tasks: readonly T[]): T[] {
  return tasks.filter((task) => {
    if (Array.isArray(task.annotations)) return liveAnnotations(task.annotations).length === 0;
    const total = task.total_annotations;
    return !(typeof total === 'number' && total > 0);
  });
}
