// The Label Studio API endpoints the client uses, as the fact sheet (§7–§8)
// documents them. Handlers return a Reply; the server decides how (or, for an
// injected fault, whether) it is sent.

import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { configDataKeys, type LsTestState, type StoredProject } from './state';
import { filterTasks } from './task-filters';
import type { LsTestSettings, StoredTask } from './types';

export interface Incoming {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status: number;
  body?: unknown;
  /** Raw bytes or text instead of JSON. */
  raw?: Uint8Array | string;
  contentType?: string;
  headers?: Record<string, string>;
}

const json = (status: number, body: unknown): Reply => ({ status, body });
const notFoundPage: Reply = {
  status: 404,
  raw: '<!doctype html><title>Not Found</title><h1>Not Found</h1>',
  contentType: 'text/html',
};
const detail = (status: number, text: string): Reply => json(status, { detail: text });

function mimeOf(name: string): string {
  const ext = name.toLowerCase().split('.').pop();
  return (
    {
      jpg: 'image/jpeg',
      jpeg: 'image/jpeg',
      png: 'image/png',
      gif: 'image/gif',
      webp: 'image/webp',
      txt: 'text/plain',
      json: 'application/json',
    }[ext ?? ''] ?? 'application/octet-stream'
  );
}

function intParam(url: URL, name: string, fallback: number): number {
  const v = Number(url.searchParams.get(name));
  return Number.isInteger(v) && v > 0 ? v : fallback;
}

function paginate<T>(items: T[], url: URL): { page: number; size: number; slice?: T[] } {
  const page = intParam(url, 'page', 1);
  const size = intParam(url, 'page_size', 100);
  const start = (page - 1) * size;
  if (start > 0 && start >= items.length) return { page, size };
  return { page, size, slice: items.slice(start, start + size) };
}

function parseJson(req: Incoming): unknown {
  try {
    return JSON.parse(req.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

type Auth = 'ok' | 'missing' | 'invalid';

function authenticate(state: LsTestState, req: Incoming): Auth {
  const header = req.headers.authorization;
  if (!header) return 'missing';
  const [scheme, value] = header.split(' ', 2);
  if (scheme === 'Token' && value === state.legacyToken) return 'ok';
  if (scheme === 'Bearer' && value && state.accessTokens.has(value)) return 'ok';
  return 'invalid';
}

/** Django's get_valid_filename: spaces → `_`, then only word characters, `-` and `.`. */
function validFileName(name: string): string {
  return name
    .trim()
    .replace(/\s+/g, '_')
    .replace(/[^-\w.]/g, '');
}

export class Router {
  private fileUploads = 0;

  constructor(
    private readonly state: LsTestState,
    private readonly settings: LsTestSettings,
  ) {}

  async handle(req: Incoming): Promise<Reply> {
    const path = req.url.pathname.replace(/\/+$/, '') || '/';
    const m = req.method;
    if (path === '/')
      return {
        status: 200,
        raw: '<!doctype html><title>Label Studio</title>',
        contentType: 'text/html',
      };
    if (m === 'GET' && path === '/api/version') return this.version();
    if (m === 'POST' && path === '/api/token/refresh') return this.refresh(req);
    if (m === 'GET' && path.startsWith('/public/'))
      return this.file(this.state.publicFiles, path.slice(8));

    if (path.startsWith('/api/') || path.startsWith('/data/')) {
      const auth = authenticate(this.state, req);
      if (auth === 'missing') return detail(401, 'Authentication credentials were not provided.');
      if (auth === 'invalid') {
        return req.headers.authorization?.startsWith('Bearer ')
          ? json(401, {
              detail: 'Given token not valid for any token type',
              code: 'token_not_valid',
            })
          : detail(401, 'Invalid token.');
      }
    }

    if (m === 'GET' && path.startsWith('/data/upload/')) {
      return this.file(this.state.media, decodeURIComponent(path.slice('/data/upload/'.length)));
    }
    if (m === 'GET' && path === '/data/local-files') {
      return this.file(this.state.localFiles, req.url.searchParams.get('d') ?? '');
    }
    if (m === 'GET' && path === '/api/current-user/whoami') return json(200, this.state.user);
    if (m === 'GET' && path === '/api/projects') return this.listProjects(req.url);

    const project = /^\/api\/projects\/(\d+)(\/.*)?$/.exec(path);
    if (project) {
      const p = this.state.projects.get(Number(project[1]));
      if (!p) return detail(404, 'Not found.');
      if (this.settings.forbiddenProjects.includes(p.id)) {
        return detail(403, 'You do not have permission to perform this action.');
      }
      const rest = project[2] ?? '';
      if (m === 'GET' && rest === '') return json(200, this.projectJson(p));
      if (m === 'GET' && rest === '/tasks') return this.projectTasks(p, req.url);
      if (m === 'GET' && rest === '/export') return this.exportTasks(p, req.url);
      if (m === 'POST' && rest === '/import') return this.importTasks(p, req);
      if (m === 'POST' && rest === '/import/predictions') return this.importPredictions(p, req);
      const poll = /^\/imports\/(\d+)$/.exec(rest);
      if (m === 'GET' && poll) return this.pollImport(p, Number(poll[1]));
      return notFoundPage;
    }

    if (m === 'GET' && path === '/api/tasks') return this.tasksApi(req.url);
    const task = /^\/api\/tasks\/(\d+)$/.exec(path);
    if (m === 'GET' && task) {
      const t = this.state.tasksById.get(Number(task[1]));
      return t ? json(200, this.state.taskJson(t)) : detail(404, 'Not found.');
    }
    if (m === 'GET' && path === '/api/predictions') return this.listPredictions(req.url);
    if (m === 'POST' && path === '/api/predictions') return this.createPrediction(req);
    const prediction = /^\/api\/predictions\/(\d+)$/.exec(path);
    if (m === 'DELETE' && prediction) {
      return this.state.deletePrediction(Number(prediction[1]))
        ? { status: 204, raw: '', contentType: 'text/plain' }
        : detail(404, 'Not found.');
    }
    return notFoundPage;
  }

  private version(): Reply {
    const v = this.state.version;
    return json(200, {
      release: v,
      'label-studio-os-package': {
        version: v,
        short_version: v.split('.').slice(0, 2).join('.'),
        latest_version_from_pypi: v,
      },
      'label-studio-os-backend': { message: 'test server', commit: 'test' },
      edition: 'Community',
    });
  }

  private refresh(req: Incoming): Reply {
    const body = parseJson(req) as { refresh?: unknown } | undefined;
    if (body?.refresh !== this.state.personalAccessToken) {
      return json(401, { detail: 'Token is invalid or expired', code: 'token_not_valid' });
    }
    this.state.refreshCount++;
    return json(200, { access: this.state.issueAccessToken() });
  }

  private file(store: Map<string, Uint8Array>, key: string): Reply {
    const bytes = store.get(key);
    if (!bytes) return notFoundPage;
    return { status: 200, raw: bytes, contentType: mimeOf(key) };
  }

  private projectJson(p: StoredProject) {
    return {
      id: p.id,
      title: p.title,
      label_config: p.label_config,
      task_number: p.tasks.length,
      created_by: { id: this.state.user.id, email: this.state.user.email },
    };
  }

  private listProjects(url: URL): Reply {
    const all = [...this.state.projects.values()];
    const { page, size, slice } = paginate(all, url);
    if (!slice) return detail(404, 'Invalid page.');
    const next =
      page * size < all.length
        ? `${url.origin}/api/projects/?page=${page + 1}&page_size=${size}`
        : null;
    const previous =
      page > 1 ? `${url.origin}/api/projects/?page=${page - 1}&page_size=${size}` : null;
    return json(200, {
      count: all.length,
      next,
      previous,
      results: slice.map((p) => {
        const { label_config: _c, ...summary } = this.projectJson(p);
        return summary;
      }),
    });
  }

  private projectTasks(p: StoredProject, url: URL): Reply {
    const { slice } = paginate(p.tasks, url);
    return json(
      200,
      (slice ?? []).map((t) => this.state.taskJson(t)),
    );
  }

  /** GET /api/projects/{id}/export?exportType=JSON: annotated tasks only, unless download_all_tasks=true. */
  private exportTasks(p: StoredProject, url: URL): Reply {
    const type = url.searchParams.get('exportType') ?? 'JSON';
    if (type !== 'JSON') return detail(400, `exportType ${type} is not served by the test server`);
    const all = url.searchParams.get('download_all_tasks') === 'true';
    const tasks = all ? p.tasks : p.tasks.filter((t) => t.annotations.length > 0);
    return json(
      200,
      tasks.map(({ is_labeled: _l, ...t }) => ({ ...t, drafts: [], predictions: [] })),
    );
  }

  private tasksApi(url: URL): Reply {
    if (!this.settings.tasksApi) return notFoundPage;
    const projectId = Number(url.searchParams.get('project'));
    const all = this.settings.ignoreProjectFilter
      ? [...this.state.projects.values()].flatMap((p) => p.tasks)
      : (this.state.projects.get(projectId)?.tasks ?? []);
    const filtered = filterTasks(all, url.searchParams.get('query'));
    if ('status' in filtered) return detail(filtered.status, filtered.detail);
    const pool = filtered.tasks;
    const { slice } = paginate(pool, url);
    if (!slice) return detail(404, 'Invalid page.');
    return json(200, {
      tasks: slice.map((t) => this.state.taskJson(t)),
      total: pool.length,
      total_annotations: 0,
      total_predictions: 0,
    });
  }

  private listPredictions(url: URL): Reply {
    const task = url.searchParams.get('task');
    const project = url.searchParams.get('project');
    let list = this.state.predictions;
    if (task !== null) list = this.state.predictionsFor(Number(task));
    else if (project !== null) list = list.filter((p) => p.project === Number(project));
    return json(200, list);
  }

  private createPrediction(req: Incoming): Reply {
    const body = parseJson(req) as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object') return json(400, { detail: 'JSON parse error' });
    const task = this.state.tasksById.get(Number(body.task));
    if (!task)
      return json(400, { task: [`Invalid pk "${String(body.task)}" - object does not exist.`] });
    if (typeof body.model_version !== 'string' || body.model_version === '') {
      return json(400, { model_version: ['This field is required.'] });
    }
    if (!Array.isArray(body.result)) return json(400, { result: ['Expected a list of items.'] });
    return json(201, this.state.addPrediction(task.id, body));
  }

  private importPredictions(p: StoredProject, req: Incoming): Reply {
    if (!this.settings.importPredictions) return notFoundPage;
    const body = parseJson(req);
    if (!Array.isArray(body)) return json(400, { detail: 'Expected a list of predictions' });
    for (const item of body as Record<string, unknown>[]) {
      const task = this.state.tasksById.get(Number(item?.task));
      if (!task || task.project !== p.id) {
        // Label Studio checks everything first: one bad task id and nothing is created.
        return json(400, {
          detail: `${JSON.stringify(item).slice(0, 80)} contains invalid "task" field: corresponding task ID couldn't be retrieved from project ${p.title} tasks`,
        });
      }
    }
    for (const item of body as Record<string, unknown>[])
      this.state.addPrediction(Number(item.task), item);
    return json(201, { created: body.length });
  }

  private async importTasks(p: StoredProject, req: Incoming): Promise<Reply> {
    const type = String(req.headers['content-type'] ?? '');
    const keys = configDataKeys(p.label_config);
    const created: StoredTask[] = [];
    const uploadIds: number[] = [];
    if (type.startsWith('multipart/form-data')) {
      // As Label Studio's uploader (label_studio/data_import/uploader.py,
      // create_file_uploads; models.py, FileUpload): `request.FILES.items()`
      // keeps one file per form field (the last), each becomes a FileUpload
      // stored as upload/<project>/<uuid8>-<name>, and a media file becomes one
      // task {"$undefined$": url}, which the API shows under the config's one
      // data key (replace_task_data_undefined_with_config_field). A config with
      // several data keys is refused: direct upload fills only one.
      const bytes = new Uint8Array(req.body);
      const form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
      const files = new Map<string, File>();
      for (const [field, value] of form.entries()) {
        if (typeof value !== 'string') files.set(field, value);
      }
      if (files.size > 0 && keys.length > 1) {
        return json(400, {
          validation_errors: {
            non_field_errors: [
              `Failed to parse input file ${[...files.values()][0]!.name}: Your label config has more than one data key and direct file upload supports only one data key. To import data with multiple data keys, use a JSON or CSV file.`,
            ],
          },
        });
      }
      for (const value of files.values()) {
        const stored = `${randomBytes(4).toString('hex')}-${validFileName(value.name)}`;
        const path = `${p.id}/${stored}`;
        this.state.media.set(path, new Uint8Array(await value.arrayBuffer()));
        const fileUploadId = ++this.fileUploads;
        uploadIds.push(fileUploadId);
        created.push(
          this.state.addTask(p.id, {
            data: { [keys[0] ?? 'image']: `/data/upload/${path}` },
            file_upload: stored,
          }),
        );
      }
      if (created.length === 0)
        return json(400, { detail: 'load_tasks: No data found in DATA or in FILES' });
    } else {
      const body = parseJson(req);
      const list = Array.isArray(body)
        ? body
        : body && typeof body === 'object'
          ? [body]
          : undefined;
      if (!list) return json(400, { detail: 'load_tasks: No data found in DATA or in FILES' });
      const parsed: { data: Record<string, unknown>; predictions: unknown[] }[] = [];
      for (const [i, raw] of list.entries()) {
        const item = raw as Record<string, unknown>;
        const data = (item && typeof item.data === 'object' ? item.data : item) as Record<
          string,
          unknown
        >;
        const missing = keys.find((k) => !(k in (data ?? {})));
        if (!data || missing) {
          return json(400, {
            validation_errors: {
              non_field_errors: [
                `Task ${i}: can't find key "${missing}" in task data: it must match the labeling config`,
              ],
            },
          });
        }
        parsed.push({ data, predictions: Array.isArray(item.predictions) ? item.predictions : [] });
      }
      for (const t of parsed) {
        const task = this.state.addTask(p.id, { data: t.data });
        for (const pred of t.predictions)
          this.state.addPrediction(task.id, pred as Record<string, unknown>);
        created.push(task);
      }
    }
    const taskIds = created.map((t) => t.id);
    if (this.settings.asyncImport) {
      const record = this.state.newImport(p.id, taskIds, this.settings.asyncImportPolls);
      return json(201, { import: record.id });
    }
    const answer: Record<string, unknown> = {
      task_count: created.length,
      annotation_count: 0,
      prediction_count: created.reduce((n, t) => n + this.state.predictionsFor(t.id).length, 0),
      duration: 0.01,
      file_upload_ids: uploadIds,
      could_be_tasks_list: false,
      found_formats: [],
      data_columns: [],
    };
    if (req.url.searchParams.get('return_task_ids') === 'true') answer.task_ids = taskIds;
    return json(201, answer);
  }

  private pollImport(p: StoredProject, id: number): Reply {
    const record = this.state.imports.get(id);
    if (!record || record.project !== p.id) return detail(404, 'Not found.');
    if (record.pollsLeft > 0) {
      record.pollsLeft--;
      return json(200, { id, project: p.id, status: 'in_progress', task_ids: [] });
    }
    return json(200, {
      id,
      project: p.id,
      status: 'completed',
      task_count: record.taskIds.length,
      task_ids: record.taskIds,
    });
  }
}
