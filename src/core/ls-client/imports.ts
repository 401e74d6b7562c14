// New tasks into a project: POST /api/projects/{id}/import (no trailing slash:
// old servers have none). Community servers answer at once with task_ids;
// newer non-community servers answer {"import": id} and work in the background,
// so poll GET /api/projects/{id}/imports/{import_id} until it is done.

import { LsError } from './errors';
import { sleep } from './retry';
import type { LsTransport } from './transport';

export interface ImportOutcome {
  /** Ids of the created tasks, in request order (absent when the server does not say). */
  taskIds?: number[];
  taskCount?: number;
}

export interface ImportOptions {
  signal?: AbortSignal;
  /** First poll delay of an async import; doubles up to 2 s. */
  pollIntervalMs?: number;
  /** Give up waiting for an async import after this long (default 10 min). */
  maxWaitMs?: number;
}

interface ImportAnswer {
  import?: unknown;
  task_ids?: unknown;
  task_count?: unknown;
  status?: unknown;
  error?: unknown;
}

function outcomeOf(body: ImportAnswer | null): ImportOutcome {
  const out: ImportOutcome = {};
  if (Array.isArray(body?.task_ids) && body.task_ids.every((x) => typeof x === 'number')) {
    out.taskIds = body.task_ids as number[];
  }
  if (typeof body?.task_count === 'number') out.taskCount = body.task_count;
  return out;
}

export async function waitForImport(
  transport: LsTransport,
  projectId: number,
  importId: number,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const started = Date.now();
  let delay = options.pollIntervalMs ?? 250;
  for (;;) {
    const { data } = await transport.request<ImportAnswer>(
      `api/projects/${projectId}/imports/${importId}`,
      { signal: options.signal },
    );
    if (data?.status === 'completed') return outcomeOf(data);
    if (data?.status === 'failed') {
      throw new LsError({
        kind: 'rejected',
        message: `Label Studio could not import the tasks (import ${importId} failed)${
          typeof data.error === 'string' && data.error ? `: ${data.error.slice(0, 300)}` : ''
        }`,
      });
    }
    if (Date.now() - started > (options.maxWaitMs ?? 600_000)) {
      throw new LsError({
        kind: 'timeout',
        message: `import ${importId} of project ${projectId} is still "${String(data?.status)}" after ${Math.round((Date.now() - started) / 1000)} s`,
        uncertain: true,
      });
    }
    await sleep(delay, options.signal);
    delay = Math.min(2000, delay * 2);
  }
}

async function finish(
  transport: LsTransport,
  projectId: number,
  body: ImportAnswer | null,
  options: ImportOptions,
): Promise<ImportOutcome> {
  if (typeof body?.import === 'number') {
    return waitForImport(transport, projectId, body.import, options);
  }
  return outcomeOf(body);
}

/** Imports tasks given as JSON ({data, predictions, …} objects). */
export async function importTasks(
  transport: LsTransport,
  projectId: number,
  tasks: readonly object[],
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const { data } = await transport.request<ImportAnswer>(`api/projects/${projectId}/import`, {
    method: 'POST',
    query: { return_task_ids: true },
    json: tasks,
    signal: options.signal,
  });
  return finish(transport, projectId, data, options);
}

/** Uploads one media file; Label Studio makes a task of it (data → /data/upload/…). */
export async function uploadFile(
  transport: LsTransport,
  projectId: number,
  file: { name: string; blob: Blob },
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const form = new FormData();
  form.append('file', file.blob, file.name);
  const { data } = await transport.request<ImportAnswer>(`api/projects/${projectId}/import`, {
    method: 'POST',
    query: { return_task_ids: true },
    form,
    signal: options.signal,
  });
  return finish(transport, projectId, data, options);
}
