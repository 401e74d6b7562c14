// Projects: the list (DRF-paginated {count, next, results}; very old servers
// answer a plain list) and one project with its labeling config.

import { parseLabelingConfig } from '../config';
import type { LabelingConfig } from '../config/types';
import { LsError } from './errors';
import type { LsTransport } from './transport';
import type { LsServerProject } from './types';

export interface ProjectSummary {
  id: number;
  title: string;
  taskCount?: number;
}

interface Page {
  count?: number;
  next?: string | null;
  results?: LsServerProject[];
}

export async function listProjects(
  transport: LsTransport,
  options: { signal?: AbortSignal; pageSize?: number } = {},
): Promise<ProjectSummary[]> {
  const pageSize = options.pageSize ?? 100;
  const out: ProjectSummary[] = [];
  const seen = new Set<number>();
  for (let page = 1; ; page++) {
    const { status, data } = await transport.request<Page | LsServerProject[] | null>(
      'api/projects/',
      { query: { page, page_size: pageSize }, accept: [404], signal: options.signal },
    );
    if (status === 404) break;
    const results = Array.isArray(data) ? data : (data?.results ?? []);
    let fresh = 0;
    for (const p of results) {
      if (typeof p?.id !== 'number' || seen.has(p.id)) continue;
      seen.add(p.id);
      fresh++;
      const summary: ProjectSummary = { id: p.id, title: String(p.title ?? `Project ${p.id}`) };
      if (typeof p.task_number === 'number') summary.taskCount = p.task_number;
      out.push(summary);
    }
    const total = Array.isArray(data) ? undefined : data?.count;
    // A server that ignores `page` repeats page 1: stop when nothing new comes.
    if (fresh === 0 || results.length < pageSize || (total !== undefined && out.length >= total))
      break;
    if (!Array.isArray(data) && data?.next === null) break;
  }
  return out;
}

export async function getProject(
  transport: LsTransport,
  projectId: number,
  signal?: AbortSignal,
): Promise<LsServerProject> {
  let data: LsServerProject;
  try {
    ({ data } = await transport.request<LsServerProject>(`api/projects/${projectId}/`, { signal }));
  } catch (error) {
    if (error instanceof LsError && error.kind === 'not-found') {
      throw new LsError({
        kind: 'not-found',
        status: 404,
        request: error.request,
        message: `project ${projectId} does not exist on ${transport.base.href} (or the token's user cannot see it): the id is the number in the project's address, …/projects/<id>/`,
      });
    }
    throw error;
  }
  if (typeof data?.id !== 'number') {
    throw new LsError({
      kind: 'bad-response',
      message: `GET /api/projects/${projectId}/ did not return a project`,
    });
  }
  return data;
}

export interface ProjectWithConfig {
  project: LsServerProject;
  config: LabelingConfig;
}

/** The project and its parsed config. A config Prelabel cannot read throws ConfigError. */
export async function getProjectConfig(
  transport: LsTransport,
  projectId: number,
  signal?: AbortSignal,
): Promise<ProjectWithConfig> {
  const project = await getProject(transport, projectId, signal);
  if (typeof project.label_config !== 'string' || project.label_config.trim() === '') {
    throw new LsError({
      kind: 'bad-response',
      message: `project ${projectId} has no labeling config yet: set one up in Label Studio first`,
    });
  }
  return { project, config: parseLabelingConfig(project.label_config) };
}
