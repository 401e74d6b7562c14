// The test server itself, with raw fetch: it must answer the way the fact
// sheet (§7–§8) says Label Studio does, or tests built on it prove nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserLikeFetch, startLsTestServer, type LsTestServer } from './index';

const CONFIG =
  '<View><Image name="image" value="$image"/><Choices name="c" toName="image"><Choice value="A"/></Choices></View>';
let s: LsTestServer;
let auth: Record<string, string>;

beforeAll(async () => {
  s = await startLsTestServer({
    projects: [
      { id: 3, label_config: CONFIG, generate: { count: 5, data: (i) => ({ image: `${i}.jpg` }) } },
      { id: 4, label_config: CONFIG },
      {
        id: 5,
        label_config:
          '<View><Image name="a" value="$front"/><Image name="b" value="$back"/></View>',
      },
    ],
    uploads: { '3/x.png': Uint8Array.from([1, 2]) },
  });
  auth = { Authorization: `Token ${s.state.legacyToken}` };
});
afterAll(() => s.close());

const get = (path: string, headers = auth) => fetch(`${s.url}${path}`, { headers });
const post = (path: string, body: unknown, headers = auth) =>
  fetch(`${s.url}${path}`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('Label Studio test server', () => {
  it('listens on loopback only', () => {
    expect(new URL(s.url).hostname).toBe('127.0.0.1');
  });

  it('requires a token except for /api/version and the refresh', async () => {
    expect((await get('/api/version', {})).status).toBe(200);
    expect((await get('/api/projects/', {})).status).toBe(401);
    expect((await get('/data/upload/3/x.png', {})).status).toBe(401);
    expect((await get('/data/upload/3/x.png')).status).toBe(200);
  });

  it('exchanges the PAT for a Bearer access token that can be expired', async () => {
    const res = await post('/api/token/refresh/', { refresh: s.state.personalAccessToken }, {});
    const { access } = (await res.json()) as { access: string };
    const bearer = { Authorization: `Bearer ${access}` };
    expect((await get('/api/current-user/whoami', bearer)).status).toBe(200);
    s.state.expireAccessTokens();
    expect((await get('/api/current-user/whoami', bearer)).status).toBe(401);
    expect((await post('/api/token/refresh/', { refresh: 'nope' }, {})).status).toBe(401);
  });

  it('/api/tasks/ pages with {tasks, total} and 404 past the end; /api/projects/{id}/tasks/ is a list', async () => {
    const page = (await (await get('/api/tasks/?project=3&page=2&page_size=2')).json()) as {
      tasks: unknown[];
      total: number;
    };
    expect(page.tasks).toHaveLength(2);
    expect(page.total).toBe(5);
    expect((await get('/api/tasks/?project=3&page=4&page_size=2')).status).toBe(404);
    const list = (await (
      await get('/api/projects/3/tasks/?page=3&page_size=2')
    ).json()) as unknown[];
    expect(list).toHaveLength(1);
  });

  it('filters /api/tasks/ on tasks:updated_at as the Data Manager does; annotate() moves it on', async () => {
    const ids = async (query: unknown) => {
      const q = encodeURIComponent(JSON.stringify(query));
      const res = await get(`/api/tasks/?project=3&fields=all&query=${q}`);
      return { status: res.status, body: (await res.json()) as { tasks?: { id: number }[] } };
    };
    const after = (value: unknown, operator = 'greater') => ({
      filters: {
        conjunction: 'and',
        items: [{ filter: 'filter:tasks:updated_at', operator, type: 'Datetime', value }],
      },
    });
    const [first] = s.state.projects.get(3)!.tasks;
    const before = new Date(Date.parse(first!.updated_at) + 1).toISOString();
    expect((await ids(after(before))).body.tasks).toEqual([]);
    await new Promise((r) => setTimeout(r, 5)); // a later millisecond than `before`
    s.state.annotate(first!.id, [{ id: 77, result: [] }]);
    expect(s.state.tasksById.get(first!.id)).toMatchObject({
      total_annotations: 1,
      is_labeled: true,
    });
    const changed = await ids(after(before));
    expect(changed.body.tasks?.map((t) => t.id)).toEqual([first!.id]);
    // Microseconds as Label Studio writes them are read too.
    expect((await ids(after('2000-01-01T00:00:00.123456Z'))).body.tasks).toHaveLength(5);
    expect((await ids(after(before, 'less_or_equal'))).body.tasks).toHaveLength(4);
    // strptime refuses another format: Label Studio answers 500.
    expect((await ids(after('2026-12-07 10:00:00'))).status).toBe(500);
    expect((await ids(after('2026-12-07T10:00:00Z'))).status).toBe(500);
    expect(
      (await ids({ filters: { conjunction: 'and', items: [{ filter: 'filter:tasks:id' }] } }))
        .status,
    ).toBe(400);
  });

  it('imports tasks (sync with task_ids, or async polled) and validates data keys', async () => {
    const sync = await post('/api/projects/3/import?return_task_ids=true', [
      { data: { image: 'n.jpg' }, predictions: [{ model_version: 'v', result: [] }] },
    ]);
    expect(sync.status).toBe(201);
    const body = (await sync.json()) as {
      task_ids: number[];
      task_count: number;
      prediction_count: number;
    };
    expect(body).toMatchObject({ task_count: 1, prediction_count: 1 });
    expect(s.state.predictionsFor(body.task_ids[0]!)).toHaveLength(1);
    expect((await post('/api/projects/3/import', [{ text: 'no image key' }])).status).toBe(400);

    s.settings.asyncImport = true;
    try {
      const queued = (await (
        await post('/api/projects/3/import', [{ image: 'q.jpg' }])
      ).json()) as { import: number };
      const poll = async () =>
        (await (await get(`/api/projects/3/imports/${queued.import}`)).json()) as {
          status: string;
          task_ids: number[];
        };
      expect((await poll()).status).toBe('in_progress');
      expect((await poll()).status).toBe('in_progress');
      const done = await poll();
      expect(done.status).toBe('completed');
      expect(done.task_ids).toHaveLength(1);
    } finally {
      s.settings.asyncImport = false;
    }
  });

  it('import/predictions refuses the whole batch for one foreign task id', async () => {
    const before = s.state.predictions.length;
    const res = await post('/api/projects/3/import/predictions', [
      { task: 1, result: [], model_version: 'v' },
      { task: 999, result: [], model_version: 'v' },
    ]);
    expect(res.status).toBe(400);
    expect(s.state.predictions.length).toBe(before);
    s.settings.importPredictions = false;
    expect((await post('/api/projects/3/import/predictions', [])).status).toBe(404);
    s.settings.importPredictions = true;
  });

  it('CORS like Label Studio: any origin with Authorization; a restricted list shuts others out', async () => {
    const pre = await fetch(`${s.url}/api/projects/`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://app.test',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const page = browserLikeFetch('http://app.test');
    expect((await page(`${s.url}/api/projects/`, { headers: auth })).status).toBe(200);
    s.settings.cors = ['http://other.test'];
    try {
      await expect(page(`${s.url}/api/projects/`, { headers: auth })).rejects.toThrow(TypeError);
    } finally {
      s.settings.cors = 'allow-all';
    }
  });

  it('injects faults: status with Retry-After, dropped connections, delays', async () => {
    s.addFault({ path: '/api/version', action: { kind: 'status', status: 429, retryAfter: '7' } });
    const limited = await get('/api/version');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    s.addFault({ path: '/api/version', action: { kind: 'drop', when: 'before' } });
    await expect(get('/api/version')).rejects.toThrow();
    expect((await get('/api/version')).status).toBe(200);
  });

  it('file upload as Label Studio does it: one task per form field, names cleaned, ids returned', async () => {
    const form = new FormData();
    form.append('file_0', new Blob([Uint8Array.from([1])]), 'my cat (1).png');
    form.append('file_1', new Blob([Uint8Array.from([2])]), 'dog.png');
    // Django's request.FILES.items() keeps the last file of a field.
    form.append('file_1', new Blob([Uint8Array.from([3])]), 'bird.png');
    const res = await fetch(`${s.url}/api/projects/4/import?return_task_ids=true`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    expect(res.status).toBe(201);
    const answer = (await res.json()) as { task_ids: number[]; file_upload_ids: number[] };
    expect(answer.task_ids).toHaveLength(2);
    expect(answer.file_upload_ids).toHaveLength(2);
    const tasks = (await (await get('/api/projects/4/tasks/')).json()) as {
      id: number;
      data: { image: string };
    }[];
    expect(tasks.map((t) => t.id)).toEqual(answer.task_ids);
    expect(tasks[0]!.data.image).toMatch(/^\/data\/upload\/4\/[0-9a-f]{8}-my_cat_1.png$/);
    expect(tasks[1]!.data.image).toMatch(/-bird\.png$/);
    const media = await get(tasks[1]!.data.image);
    expect([...new Uint8Array(await media.arrayBuffer())]).toEqual([3]);
  });

  it('refuses a file upload into a project whose config has several data keys', async () => {
    const form = new FormData();
    form.append('file', new Blob([Uint8Array.from([1])]), 'a.png');
    const res = await fetch(`${s.url}/api/projects/5/import`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/more than one data key/);
  });
});
