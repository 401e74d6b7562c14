// --tasks FILE|DIR → tasks, plus where each task's image is on this machine.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { LabelingConfig } from '../core/config/types';
import { firstDataKey } from '../core/config';
import { formatFromName, importTaskFile, mediaFilesToTasks } from '../core/tasks';
import type { ImportIssue, LsTask } from '../core/tasks/types';

export interface CliTasks {
  tasks: LsTask[];
  issues: ImportIssue[];
  /** Folder that relative image references are read from. */
  baseDir: string;
  /** Media files found next to the tasks, by relative path and by base name. */
  mediaByPath: Map<string, string>;
  mediaByName: Map<string, string>;
  /** Set when the tasks come from a Label Studio server: fetches a media reference (with its token). */
  fetchMedia?: (ref: string) => Promise<Uint8Array>;
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

function indexMedia(baseDir: string, files: string[]) {
  const mediaByPath = new Map<string, string>();
  const mediaByName = new Map<string, string>();
  for (const file of files) {
    mediaByPath.set(relative(baseDir, file), file);
    if (!mediaByName.has(basename(file))) mediaByName.set(basename(file), file);
  }
  return { mediaByPath, mediaByName };
}

export async function loadCliTasks(path: string, config: LabelingConfig): Promise<CliTasks> {
  const dataKey = firstDataKey(config);
  const info = await stat(path);
  if (!info.isDirectory() && formatFromName(basename(path)) === undefined) {
    // One media file (e.g. photo.jpg): a single task.
    const baseDir = dirname(path);
    const ref = { name: basename(path), path: basename(path), size: info.size };
    const { tasks, issues } = mediaFilesToTasks([ref], config.objects);
    return { tasks, issues, baseDir, ...indexMedia(baseDir, [path]) };
  }
  if (!info.isDirectory()) {
    const text = await readFile(path, 'utf8');
    const { tasks, issues } = importTaskFile(basename(path), text, { dataKey });
    const baseDir = dirname(path);
    return { tasks, issues, baseDir, ...indexMedia(baseDir, await walk(baseDir)) };
  }

  const files = await walk(path);
  const taskFiles = files.filter((f) => formatFromName(basename(f)) !== undefined);
  const media = files.filter((f) => !taskFiles.includes(f));
  const index = indexMedia(path, media);
  // Task files in the folder win; its media then only answer the tasks' references.
  const structured = taskFiles.filter((f) => !/\.txt$/i.test(f) || media.length === 0);
  if (structured.length > 0) {
    const tasks: LsTask[] = [];
    const issues: ImportIssue[] = [];
    for (const file of structured) {
      const imported = importTaskFile(relative(path, file), await readFile(file, 'utf8'), {
        dataKey,
      });
      tasks.push(...imported.tasks);
      issues.push(...imported.issues);
    }
    return { tasks, issues, baseDir: path, ...index };
  }

  const refs = await Promise.all(
    media.map(async (file) => ({
      name: basename(file),
      path: relative(path, file),
      size: (await stat(file)).size,
    })),
  );
  const { tasks, issues } = mediaFilesToTasks(refs, config.objects);
  return { tasks, issues, baseDir: path, ...index };
}
