// Reading tasks page by page, both listings, odd servers, and media fetches.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLsTestServer, type LsTestServer } from '../../../test/ls-test-server';
import { CONFIG_XML, clientFor } from './test-fixtures';

let server: LsTestServer;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

beforeAll(async () => {
  server = await startLsTestServer({
    projects: [
      {
        id: 1,
        label_config: CONFIG_XML,
        generate: { count: 250, data: (i) => ({ image: `/data/upload/1/img${i}.png` }) },
      },
      {
        id: 2,
        label_config: CONFIG_XML,
        generate: { count: 40, data: (i) => ({ image: `other${i}.png` }) },
      },
      {
        id: 3,
        label_config: CONFIG_XML,
        tasks: [
          { data: { image: 'a.png' } },
          { data: { image: 'b.png' }, total_annotations: 2 },
          { data: { image: 'c.png' } },
        ],
      },
    ],
    uploads: { '1/img0.png': PNG },
    localFiles: { 'photos/cat.png': PNG },
  });
});
afterAll(() => server.close());

const client = () => clientFor(server.url, server.state.legacyToken);

describe('task pagination', () => {
  it('/api/tasks/: pages until total, in batches with progress', async () => {
    const progress: number[] = [];
    const sizes: number[] = [];
    for await (const batch of client().iterateTasks(1, {
      pageSize: 100,
      onProgress: (p) => progress.push(p.received),
    })) {
      sizes.push(batch.tasks.length);
      expect(batch.listing).toBe('tasks-api');
      expect(batch.total).toBe(250);
    }
    expect(sizes).toEqual([100, 100, 50]);
    expect(progress).toEqual([100, 200, 250]);
  });

  it('/api/tasks/: stops at the 404 past the end when no total is given', async () => {
    const urls: string[] = [];
    const c = clientFor('http://ls.test', 'k'.repeat(40), {
      fetch: async (input) => {
        const url = new URL(String(input));
        urls.push(url.pathname + url.search);
        const page = Number(url.searchParams.get('page'));
        if (page > 2) return new Response('<h1>Not Found</h1>', { status: 404 });
        const tasks = [1, 2].map((i) => ({ id: page * 10 + i, data: { image: 'x' }, project: 1 }));
        return new Response(JSON.stringify({ tasks }), {
          headers: { 'Content-Type': 'application/json' },
        });
      },
    });
    const { tasks } = await c.collectTasks(1, { pageSize: 2 });
    expect(tasks.map((t) => t.id)).toEqual([11, 12, 21, 22]);
    expect(urls).toEqual([1, 2, 3].map((p) => `/api/tasks/?project=1&page=${p}&page_size=2`));
  });

  it('/api/projects/{id}/tasks/ (plain list) when /api/tasks/ is missing', async () => {
    server.settings.tasksApi = false;
    try {
      const { tasks, progress } = await client().collectTasks(1, { pageSize: 100 });
      expect(progress.listing).toBe('project-tasks');
      expect(tasks.map((t) => t.id)).toEqual([...Array(250).keys()].map((i) => i + 1));
    } finally {
      server.settings.tasksApi = true;
    }
  });

  it('a short page ends the plain listing', async () => {
    const before = server.state.requests.length;
    const { tasks } = await client().collectTasks(2, { listing: 'project-tasks', pageSize: 30 });
    expect(tasks).toHaveLength(40);
    expect(server.state.requests.length - before).toBe(2);
  });

  it('drops tasks of other projects when the server ignores ?project=', async () => {
    server.settings.ignoreProjectFilter = true;
    try {
      const { tasks, progress } = await client().collectTasks(2, { pageSize: 100 });
      expect(tasks).toHaveLength(40);
      expect(tasks.every((t) => t.project === 2)).toBe(true);
      expect(progress.droppedOtherProject).toBe(250 + 3);
    } finally {
      server.settings.ignoreProjectFilter = false;
    }
  });

  it('skips annotated tasks on request', async () => {
    const { tasks, progress } = await client().collectTasks(3, { skipAnnotated: true });
    expect(tasks.map((t) => t.data.image)).toEqual(['a.png', 'c.png']);
    expect(progress.skippedAnnotated).toBe(1);
  });

  it('100k tasks arrive in pages, never all at once', async () => {
    const big = await startLsTestServer({
      projects: [
        {
          id: 7,
          label_config: CONFIG_XML,
          generate: { count: 100_000, data: (i) => ({ image: `${i}.jpg` }) },
        },
      ],
    });
    try {
      const c = clientFor(big.url, big.state.legacyToken);
      let count = 0;
      let batches = 0;
      let last = 0;
      for await (const batch of c.iterateTasks(7, { pageSize: 5000 })) {
        batches++;
        count += batch.tasks.length;
        expect(batch.tasks.length).toBeLessThanOrEqual(5000);
        last = batch.tasks.at(-1)!.id;
      }
      expect(count).toBe(100_000);
      expect(batches).toBe(20);
      expect(last).toBe(100_000);
    } finally {
      await big.close();
    }
  });

  it('stops when a server ignores ?page= (the same page again)', async () => {
    let calls = 0;
    const page = [
      { id: 1, data: { image: 'x' } },
      { id: 2, data: { image: 'y' } },
    ];
    const c = clientFor('http://ls.test', 'k'.repeat(40), {
      fetch: async () => {
        calls++;
        return new Response(JSON.stringify(page), {
          headers: { 'Content-Type': 'application/json' },
        });
      },
    });
    const { tasks } = await c.collectTasks(1, { listing: 'project-tasks', pageSize: 2 });
    expect(tasks).toHaveLength(2);
    expect(calls).toBe(2);
  });
});

describe('media', () => {
  it('fetches /data/upload/… with the auth header', async () => {
    const blob = await client().fetchMedia('/data/upload/1/img0.png');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(PNG);
    expect(blob.type).toBe('image/png');
    const last = server.state.requests.at(-1)!;
    expect(last.url).toBe('/data/upload/1/img0.png');
    expect(last.authorization).toBe(`Token ${server.state.legacyToken}`);
  });

  it('fetches /data/local-files/?d=… and absolute URLs on the server itself with auth', async () => {
    const c = client();
    expect((await c.fetchMedia('/data/local-files/?d=photos/cat.png')).size).toBe(PNG.length);
    expect((await c.fetchMedia(`${server.url}/data/upload/1/img0.png`)).size).toBe(PNG.length);
    expect(server.state.requests.at(-1)!.authorization).toBeDefined();
  });

  it('media that needs auth fails without it (what an <img> would get)', async () => {
    const res = await fetch(`${server.url}/data/upload/1/img0.png`);
    expect(res.status).toBe(401);
  });

  it('public media on another host: fetched without the token', async () => {
    const foreign = await startLsTestServer({ publicFiles: { 'dog.png': PNG } });
    try {
      const blob = await client().fetchMedia(`${foreign.url}/public/dog.png`);
      expect(blob.size).toBe(PNG.length);
      expect(foreign.state.requests).toHaveLength(1);
      expect(foreign.state.requests[0]!.authorization).toBeUndefined();
    } finally {
      await foreign.close();
    }
  });

  it('a sub-path install: /data/upload/… resolves under the prefix', async () => {
    const { resolveMediaRef } = await import('./media');
    const c = clientFor('https://host.example/ls/', 't'.repeat(40));
    expect(resolveMediaRef(c.transport, '/data/upload/3/x.png').url.href).toBe(
      'https://host.example/ls/data/upload/3/x.png',
    );
    expect(resolveMediaRef(c.transport, '/ls/data/upload/3/x.png').url.href).toBe(
      'https://host.example/ls/data/upload/3/x.png',
    );
    expect(resolveMediaRef(c.transport, 'https://cdn.example/x.png').origin).toBe('foreign');
    expect(() => resolveMediaRef(c.transport, 's3://bucket/x.png')).toThrow(/cloud storage/);
  });
});

describe('projects and existing predictions', () => {
  it('lists projects across pages', async () => {
    const many = await startLsTestServer({
      projects: Array.from({ length: 130 }, (_, i) => ({
        id: i + 1,
        title: `P${i + 1}`,
        label_config: CONFIG_XML,
      })),
    });
    try {
      const projects = await clientFor(many.url, many.state.legacyToken).listProjects();
      expect(projects).toHaveLength(130);
      expect(projects.at(-1)).toEqual({ id: 130, title: 'P130', taskCount: 0 });
      expect(many.state.requests.filter((r) => r.url.startsWith('/api/projects/?'))).toHaveLength(
        2,
      );
    } finally {
      await many.close();
    }
  });

  it('finds the tasks that still lack a model_version, asking only about tasks with predictions', async () => {
    const c = client();
    server.state.addPrediction(251, { model_version: 'm@2', result: [] });
    server.state.addPrediction(252, { model_version: 'other', result: [] });
    const { tasks } = await c.collectTasks(2);
    const before = server.state.requests.length;
    const todo = await c.tasksWithoutModelVersion(tasks, 'm@2');
    expect(todo.map((t) => t.id)).not.toContain(251);
    expect(todo).toHaveLength(39);
    // Only the two tasks whose listing says total_predictions > 0 were asked about.
    expect(server.state.requests.length - before).toBe(2);
    const all = await c.listProjectPredictions(2);
    expect(all.map((p) => p.task).sort()).toEqual([251, 252]);
  });

  it('does not retry a 4xx (other than 401/429)', async () => {
    const before = server.state.requests.length;
    await expect(client().getProject(404)).rejects.toMatchObject({ kind: 'not-found' });
    expect(server.state.requests.length - before).toBe(1);
  });
});
