// Predictions already on the server, so the same model version is not posted
// twice: GET /api/predictions/?task=<id> or ?project=<id>. The filter is
// re-applied here because a server may ignore it.

import { mapConcurrent } from './concurrency';
import type { LsTransport } from './transport';
import type { LsServerPrediction, LsServerTask } from './types';

function listOf(data: unknown): LsServerPrediction[] {
  const list = Array.isArray(data)
    ? data
    : Array.isArray((data as { results?: unknown } | null)?.results)
      ? (data as { results: unknown[] }).results
      : [];
  return list.filter(
    (p): p is LsServerPrediction =>
      typeof p === 'object' && p !== null && typeof (p as { task?: unknown }).task === 'number',
  );
}

export async function listTaskPredictions(
  transport: LsTransport,
  taskId: number,
  signal?: AbortSignal,
): Promise<LsServerPrediction[]> {
  const { data } = await transport.request<unknown>('api/predictions/', {
    query: { task: taskId },
    signal,
  });
  return listOf(data).filter((p) => p.task === taskId);
}

/**
 * DELETE /api/predictions/{id}/. A 404 counts as done: the prediction is gone,
 * e.g. a retried DELETE whose first answer was lost.
 */
export async function deletePrediction(
  transport: LsTransport,
  id: number,
  signal?: AbortSignal,
): Promise<void> {
  await transport.request<unknown>(`api/predictions/${id}/`, {
    method: 'DELETE',
    // Deleting twice leaves the same state, so a lost answer may be retried.
    idempotent: true,
    accept: [404],
    signal,
  });
}

export async function listProjectPredictions(
  transport: LsTransport,
  projectId: number,
  signal?: AbortSignal,
): Promise<LsServerPrediction[]> {
  const { data } = await transport.request<unknown>('api/predictions/', {
    query: { project: projectId },
    signal,
  });
  return listOf(data).filter((p) => p.project === undefined || p.project === projectId);
}

export async function taskHasModelVersion(
  transport: LsTransport,
  taskId: number,
  modelVersion: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const predictions = await listTaskPredictions(transport, taskId, signal);
  return predictions.some((p) => p.model_version === modelVersion);
}

/**
 * The tasks that have no prediction of `modelVersion` yet. Tasks whose listing
 * says total_predictions = 0 are not asked about; the others one request each.
 */
export async function tasksWithoutModelVersion<T extends LsServerTask>(
  transport: LsTransport,
  tasks: readonly T[],
  modelVersion: string,
  options: { concurrency?: number; signal?: AbortSignal; onProgress?: (done: number) => void } = {},
): Promise<T[]> {
  let done = 0;
  const keep = await mapConcurrent(tasks, options.concurrency ?? 4, async (task) => {
    const has =
      task.total_predictions === 0
        ? false
        : await taskHasModelVersion(transport, task.id, modelVersion, options.signal);
    options.onProgress?.(++done);
    return !has;
  });
  return tasks.filter((_, i) => keep[i]);
}
