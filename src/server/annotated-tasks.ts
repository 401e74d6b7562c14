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

const KEPT_ANNOTATION_FIELDS = [
  'id',
  'result',
  'was_cancelled',
  'ground_truth',
  'created_at',
  'updated_at',
  'completed_by',
] as const;

/**
 * What training reads of a task: its id, data and annotations (without the
 * predictions, drafts and counters an export carries), so the store file that
 * is rewritten after each annotation stays small.
 */
export function slimTask(task: LsTask): LsTask {
  const annotations = (task.annotations ?? []).map((a) => {
    const full = a as Record<string, unknown>;
    const kept: Record<string, unknown> = {};
    for (const key of KEPT_ANNOTATION_FIELDS) if (key in full) kept[key] = full[key];
    return kept;
  });
  return { ...(task.id !== undefined ? { id: task.id } : {}), data: task.data, annotations };
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
  return slimTask({
    ...incoming,
    annotations: [...old.filter((a) => a.id === undefined || !ids.has(a.id)), ...fresh],
  });
}
