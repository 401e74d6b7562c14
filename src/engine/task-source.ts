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
}

export async function importSources(
  sources: TaskSources,
  config: LabelingConfig | null,
  dataKey: string | undefined,
): Promise<ImportedTasks> {
  const tasks: LsTask[] = [];
  const issues: ImportIssue[] = [];
  if (sources.taskFiles.length > 0) {
    for (const { file, path } of sources.taskFiles) {
      const options = dataKey ? { dataKey } : {};
      await importTaskStream(path, file.stream(), options, (batch, batchIssues) => {
        for (const task of batch) tasks.push(task);
        for (const issue of batchIssues) issues.push(issue);
      });
    }
    return { tasks, issues, fromMedia: false };
  }
  if (sources.mediaFiles.length === 0) return { tasks, issues, fromMedia: false };
  if (!config) {
    issues.push({
      file: `${sources.mediaFiles.length} media files`,
      message: 'add a labeling config first: it names the task data key the files go to',
    });
    return { tasks, issues, fromMedia: true };
  }
  const refs = sources.mediaFiles.map(({ file, path }) => ({
    name: file.name,
    path,
    type: file.type,
    size: file.size,
  }));
  const made = mediaFilesToTasks(refs, config.objects);
  return { tasks: made.tasks, issues: made.issues, fromMedia: true };
}
