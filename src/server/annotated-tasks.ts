// A project's annotated tasks from Label Studio, for a full retrain: the JSON
// export (annotated tasks only, the ExportDataSerializer shape that /train
// carries), or, on a server without it, the task listing filtered.
import type { LsClient } from '../core/ls-client';
import type { LsTask } from '../core/tasks/types';

function isAnnotated(task: LsTask): boolean {
  return Array.isArray(task.annotations) && task.annotations.length > 0;
}

export async function fetchAnnotatedTasks(client: LsClient, projectId: number): Promise<LsTask[]> {
  const { status, data } = await client.transport.request<unknown>(
    `api/projects/${projectId}/export`,
    { query: { exportType: 'JSON', download_all_tasks: false }, accept: [404] },
  );
  if (status !== 404 && Array.isArray(data)) return (data as LsTask[]).filter(isAnnotated);
  const { tasks } = await client.collectTasks(projectId, { pageSize: 500 });
  return (tasks as LsTask[]).filter(isAnnotated);
}

/** Key of a task in the project's annotated-task store. */
export function taskKey(task: LsTask, fallback: number): string {
  return typeof task.id === 'number' ? String(task.id) : `i${fallback}`;
}

/** Folds a webhook's annotation into the stored task (same annotation id replaced). */
export function mergeAnnotation(stored: LsTask | undefined, incoming: LsTask): LsTask {
  const old = (stored?.annotations ?? []) as { id?: unknown }[];
  const fresh = (incoming.annotations ?? []) as { id?: unknown }[];
  const ids = new Set(fresh.map((a) => a.id).filter((id) => id !== undefined));
  return {
    ...(stored ?? {}),
    ...incoming,
    annotations: [...old.filter((a) => a.id === undefined || !ids.has(a.id)), ...fresh],
  };
}
