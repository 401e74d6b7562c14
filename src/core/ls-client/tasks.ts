// A project's tasks, page by page, as an async iterator of batches: 100k tasks
// arrive in steps the page can render between, never as one blocking call.
//
// Two listings exist (fact sheet §8):
//   GET /api/tasks/?project=&page=&page_size=        → {tasks, total}; past the end → 404
//   GET /api/projects/{id}/tasks/?page=&page_size=   → a plain list
// Very old servers ignore the `project` filter: tasks of other projects are dropped.

import { LsError } from './errors';
import type { LsTransport } from './transport';
import type { LsServerTask } from './types';

export type TaskListing = 'tasks-api' | 'project-tasks';

export interface TaskProgress {
  /** Tasks received from the server so far (before dropping). */
  received: number;
  /** Tasks handed out so far. */
  kept: number;
  /** The server's count, when the listing gives one. */
  total?: number;
  /** Tasks dropped because they belong to another project. */
  droppedOtherProject: number;
  /** Tasks left out because they are already annotated (skipAnnotated). */
  skippedAnnotated: number;
  page: number;
  listing: TaskListing;
}

export interface TaskBatch extends TaskProgress {
  tasks: LsServerTask[];
}

export interface IterateTasksOptions {
  pageSize?: number;
  /** Which listing to use; 'auto' tries /api/tasks/ then /api/projects/{id}/tasks/. */
  listing?: 'auto' | TaskListing;
  /** Leave out tasks with annotations (is_labeled or total_annotations > 0). */
  skipAnnotated?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: TaskProgress) => void;
  /** `all`: each task with its annotations and predictions (Label Studio lists them only when asked). */
  fields?: 'all';
  /**
   * Only tasks whose updated_at is later (ISO time, server clock): the Data
   * Manager filter `filter:tasks:updated_at` (label_studio/data_manager/managers.py),
   * sent on /api/tasks/ only; the per-project listing gives every task.
   */
  updatedAfter?: string;
}

/** The Data Manager's `query` for tasks updated after `when` (its Datetime format: %Y-%m-%dT%H:%M:%S.%fZ). */
export function updatedAfterQuery(when: string): string {
  const value = new Date(when).toISOString();
  return JSON.stringify({
    filters: {
      conjunction: 'and',
      items: [{ filter: 'filter:tasks:updated_at', operator: 'greater', type: 'Datetime', value }],
    },
  });
}

interface PageAnswer {
  found: boolean;
  tasks: unknown[];
  total?: number;
  /** The answer had no recognisable task list. */
  odd?: boolean;
}

function tasksOf(data: unknown): { tasks: unknown[]; total?: number } | undefined {
  if (Array.isArray(data)) return { tasks: data };
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as { tasks?: unknown; results?: unknown; total?: unknown; count?: unknown };
  const list = Array.isArray(d.tasks) ? d.tasks : Array.isArray(d.results) ? d.results : undefined;
  if (!list) return undefined;
  const total =
    typeof d.total === 'number' ? d.total : typeof d.count === 'number' ? d.count : undefined;
  return total === undefined ? { tasks: list } : { tasks: list, total };
}

async function fetchPage(
  transport: LsTransport,
  listing: TaskListing,
  projectId: number,
  page: number,
  pageSize: number,
  signal: AbortSignal | undefined,
  fields: 'all' | undefined,
  updatedAfter?: string,
): Promise<PageAnswer> {
  const extra = fields ? { fields } : {};
  const since = updatedAfter ? { query: updatedAfterQuery(updatedAfter) } : {};
  const { status, data } =
    listing === 'tasks-api'
      ? await transport.request<unknown>('api/tasks/', {
          query: { project: projectId, page, page_size: pageSize, ...extra, ...since },
          accept: [404],
          signal,
        })
      : await transport.request<unknown>(`api/projects/${projectId}/tasks/`, {
          query: { page, page_size: pageSize, ...extra },
          accept: [404],
          signal,
        });
  if (status === 404) return { found: false, tasks: [] };
  const parsed = tasksOf(data);
  if (!parsed) return { found: true, tasks: [], odd: true };
  return { found: true, ...parsed };
}

function isTask(value: unknown): value is LsServerTask {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { id?: unknown }).id === 'number' &&
    typeof (value as { data?: unknown }).data === 'object' &&
    (value as { data?: unknown }).data !== null
  );
}

export async function* iterateTasks(
  transport: LsTransport,
  projectId: number,
  options: IterateTasksOptions = {},
): AsyncGenerator<TaskBatch, TaskProgress, undefined> {
  const pageSize = options.pageSize ?? 100;
  let listing: TaskListing = options.listing === 'project-tasks' ? 'project-tasks' : 'tasks-api';
  const progress: TaskProgress = {
    received: 0,
    kept: 0,
    droppedOtherProject: 0,
    skippedAnnotated: 0,
    page: 0,
    listing,
  };
  const seen = new Set<number>();
  let largestPage = 0;

  for (let page = 1; ; page++) {
    const pageOf = (from: typeof listing) =>
      fetchPage(
        transport,
        from,
        projectId,
        page,
        pageSize,
        options.signal,
        options.fields,
        options.updatedAfter,
      );
    let answer = await pageOf(listing);
    if (page === 1 && (!answer.found || answer.odd) && (options.listing ?? 'auto') === 'auto') {
      // /api/tasks/ missing or answering something else: the per-project listing.
      listing = 'project-tasks';
      progress.listing = listing;
      answer = await pageOf(listing);
    }
    if (answer.odd) {
      throw new LsError({
        kind: 'bad-response',
        message: `the task listing of project ${projectId} is not a list of tasks`,
      });
    }
    if (!answer.found || answer.tasks.length === 0) break;
    if (answer.total !== undefined) progress.total = answer.total;
    progress.page = page;

    const batch: LsServerTask[] = [];
    let fresh = 0;
    for (const raw of answer.tasks) {
      if (!isTask(raw) || seen.has(raw.id)) continue;
      seen.add(raw.id);
      fresh++;
      progress.received++;
      if (typeof raw.project === 'number' && raw.project !== projectId) {
        progress.droppedOtherProject++;
        continue;
      }
      if (options.skipAnnotated && (raw.is_labeled === true || (raw.total_annotations ?? 0) > 0)) {
        progress.skippedAnnotated++;
        continue;
      }
      batch.push(raw);
    }
    progress.kept += batch.length;
    options.onProgress?.({ ...progress });
    if (batch.length > 0) yield { ...progress, tasks: batch };

    // A server that ignores `page` sends page 1 again: nothing new means the end.
    if (fresh === 0) break;
    if (progress.total !== undefined && progress.received >= progress.total) break;
    // A short page ends the listing, unless the server caps page_size (then
    // every page is "short" but the same length: keep going).
    const length = answer.tasks.length;
    if (length < pageSize && page > 1 && length < largestPage) break;
    largestPage = Math.max(largestPage, length);
  }
  return progress;
}

/** Every task of the project in memory (for the CLI; the app should iterate). */
export async function collectTasks(
  transport: LsTransport,
  projectId: number,
  options: IterateTasksOptions = {},
): Promise<{ tasks: LsServerTask[]; progress: TaskProgress }> {
  const tasks: LsServerTask[] = [];
  const iterator = iterateTasks(transport, projectId, options);
  for (;;) {
    const next = await iterator.next();
    if (next.done) return { tasks, progress: next.value };
    for (const t of next.value.tasks) tasks.push(t);
  }
}
