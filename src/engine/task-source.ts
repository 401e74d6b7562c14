// Dropped files → tasks. Task files win (streamed, so big files do not sit in
// memory twice); without one, each dropped media file becomes a task.

import type { LabelingConfig } from '../core/config/types';
import { importTaskStream, mediaFilesToTasks } from '../core/tasks';
import type { ImportIssue, LsTask } from '../core/tasks/types';
import type { TaskSources } from './api';

export interface ImportedTasks {
  tasks: LsTask[];
  issues: ImportIssue[];
  fromMedia: boolean;
  /** Task files that gave no task, only problems (with no task at all, the import is refused). */
  failedFiles: { path: string; issue: ImportIssue }[];
}

/** A dropped task file that gave no task: the tasks and run in place stay as they were. */
export class TaskImportRefused extends Error {
  constructor(failed: ImportedTasks['failedFiles']) {
    const shown = failed
      .slice(0, 3)
      .map((f) => f.issue.message)
      .join('; ');
    const more = failed.length > 3 ? ` (and ${failed.length - 3} more files)` : '';
    super(
      `${failed.map((f) => f.path).join(', ')} gave no task: ${shown}${more}. The task list and any run were left as they were.`,
    );
    this.name = 'TaskImportRefused';
  }
}

export async function importSources(
  sources: TaskSources,
  config: LabelingConfig | null,
  dataKey: string | undefined,
): Promise<ImportedTasks> {
  const tasks: LsTask[] = [];
  const issues: ImportIssue[] = [];
  const failedFiles: ImportedTasks['failedFiles'] = [];
  if (sources.taskFiles.length > 0) {
    for (const { file, path } of sources.taskFiles) {
      const options = dataKey ? { dataKey } : {};
      const before = { tasks: tasks.length, issues: issues.length };
      await importTaskStream(path, file.stream(), options, (batch, batchIssues) => {
        for (const task of batch) tasks.push(task);
        for (const issue of batchIssues) issues.push(issue);
      });
      const firstIssue = issues[before.issues];
      if (tasks.length === before.tasks && firstIssue)
        failedFiles.push({ path, issue: firstIssue });
    }
    return { tasks, issues, fromMedia: false, failedFiles };
  }
  if (sources.mediaFiles.length === 0) return { tasks, issues, fromMedia: false, failedFiles };
  if (!config) {
    issues.push({
      file: `${sources.mediaFiles.length} media files`,
      message: 'add a labeling config first: it names the task data key the files go to',
    });
    return { tasks, issues, fromMedia: true, failedFiles };
  }
  const refs = sources.mediaFiles.map(({ file, path }) => ({
    name: file.name,
    path,
    type: file.type,
    size: file.size,
  }));
  const made = mediaFilesToTasks(refs, config.objects);
  return { tasks: made.tasks, issues: made.issues, fromMedia: true, failedFiles };
}
