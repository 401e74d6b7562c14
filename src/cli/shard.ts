// `--shard i/N`: this process's share of the tasks, stable across processes
// and machines: a task goes to shard hash(id) mod N (hash of its position in
// the input when it has no id), so N runs with i = 0…N-1 cover every task
// exactly once (a Kubernetes Indexed Job's JOB_COMPLETION_INDEX, a CI matrix,
// a Slurm array index).
import type { LsTask } from '../core/tasks/types';

export interface Shard {
  /** 0-based, below `count`. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) {
    throw new Error(
      `--shard must be i/N with 0 ≤ i < N (e.g. 0/4 … 3/4; JOB_COMPLETION_INDEX is 0-based), got "${text}"`,
    );
  }
  return { index, count };
}

/** FNV-1a, 32 bit: small, fast, the same in every process. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export function shardOfTask(task: LsTask, position: number, count: number): number {
  const key =
    task.id !== undefined && task.id !== null ? `id:${String(task.id)}` : `index:${position}`;
  return fnv1a(key) % count;
}

/** The tasks of this shard, in input order. */
export function tasksOfShard<T extends LsTask>(tasks: readonly T[], shard: Shard): T[] {
  return tasks.filter((task, i) => shardOfTask(task, i, shard.count) === shard.index);
}
