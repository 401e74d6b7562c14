// What a drop of task files or media does to the tasks in place: the first
// drop sets them; later ones replace or add as the user says, and a run's
// results are never dropped without asking. Pure, so it is tested in Node.

import type { SourceFile, TaskSources } from '../../engine/api';

export type DropChoice = 'replace' | 'add';

export interface PendingDrop {
  taskFiles: SourceFile[];
  media: SourceFile[];
  /** Tasks in place now. */
  tasksNow: number;
  /** Tasks of the current run that have results (they go with any change of the tasks). */
  resultsNow: number;
  /** Only media onto task files: they resolve the files' references, "replace" makes no sense. */
  mediaForTaskFiles: boolean;
}

export type DropPlan =
  { kind: 'apply'; sources: TaskSources } | { kind: 'ask'; pending: PendingDrop };

function mergeFiles(old: SourceFile[], added: SourceFile[]): SourceFile[] {
  const seen = new Set(old.map((f) => `${f.path}|${f.file.size}`));
  const merged = [...old];
  for (const entry of added) {
    const key = `${entry.path}|${entry.file.size}`;
    if (!seen.has(key)) merged.push({ file: entry.file, path: entry.path });
    seen.add(key);
  }
  return merged;
}

export function sourcesAfter(
  current: TaskSources,
  drop: { taskFiles: SourceFile[]; media: SourceFile[] },
  choice: DropChoice,
): TaskSources {
  if (choice === 'replace') return { taskFiles: drop.taskFiles, mediaFiles: drop.media };
  return {
    taskFiles: mergeFiles(current.taskFiles, drop.taskFiles),
    mediaFiles: mergeFiles(current.mediaFiles, drop.media),
  };
}

export function planTaskDrop(
  current: TaskSources,
  drop: { taskFiles: SourceFile[]; media: SourceFile[] },
  now: { tasks: number; results: number },
): DropPlan {
  const hasSources = current.taskFiles.length > 0 || current.mediaFiles.length > 0;
  if (!hasSources || now.tasks === 0) {
    return { kind: 'apply', sources: sourcesAfter(current, drop, 'replace') };
  }
  const mediaForTaskFiles = drop.taskFiles.length === 0 && current.taskFiles.length > 0;
  if (mediaForTaskFiles && now.results === 0) {
    return { kind: 'apply', sources: sourcesAfter(current, drop, 'add') };
  }
  return {
    kind: 'ask',
    pending: {
      taskFiles: drop.taskFiles,
      media: drop.media,
      tasksNow: now.tasks,
      resultsNow: now.results,
      mediaForTaskFiles,
    },
  };
}
