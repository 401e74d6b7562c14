// A dropped head file (`prelabel train`, Online learning's export) is a
// model, not a task file: the name-only sort took it for tasks, so its first
// bytes are read (a head starts with `{"format":"prelabel-head"`, as written).
import { HEAD_FORMAT } from '../../learn/head';

/** How much of each .json is read to tell a head from tasks (heads are written format first). */
const PEEK_BYTES = 512;
const HEAD_START = new RegExp(`^\\s*\\{\\s*"format"\\s*:\\s*"${HEAD_FORMAT}"`);

export async function looksLikeHead(path: string, file: Blob): Promise<boolean> {
  if (!path.toLowerCase().endsWith('.json')) return false;
  return HEAD_START.test(await file.slice(0, PEEK_BYTES).text());
}

/** Moves head files out of the task files; returns them (the first is loaded as the model). */
export async function claimHeadFiles<T extends { path: string; file: Blob }>(drop: {
  taskFiles: T[];
}): Promise<T[]> {
  const heads: T[] = [];
  const kept: T[] = [];
  for (const entry of drop.taskFiles) {
    if (await looksLikeHead(entry.path, entry.file)) heads.push(entry);
    else kept.push(entry);
  }
  drop.taskFiles = kept;
  return heads;
}
