// Pushing predictions against the Label Studio test server: batches, old-server
// fallback, imports, uploads, validation, faults — and nothing posted twice.

import { afterEach, describe, expect, it } from 'vitest';
import {
  startLsTestServer,
  type LsTestServer,
  type LsTestServerOptions,
} from '../../../test/ls-test-server';
import { MemoryPushJournal } from './journal';
import { failedItems } from './push-report';
import type { PushItem, PushProgress } from './push-types';
import { CONFIG, CONFIG_XML, boxPrediction, clientFor, leaks } from './test-fixtures';

const open: LsTestServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function serverWith(count: number, extra: LsTestServerOptions = {}) {
  const server = await startLsTestServer({
    projects: [
      {
        id: 1,
        label_config: CONFIG_XML,
        generate: { count, data: (i) => ({ image: `/data/upload/1/${i}.jpg` }) },
      },
    ],
    ...extra,
  });
  open.push(server);
  return server;
}

function existing(server: LsTestServer, modelVersion = 'yolo@1'): PushItem[] {
  return server.state.projects.get(1)!.tasks.map((t) => ({
    task: { id: t.id, data: t.data },
    prediction: boxPrediction(modelVersion),
  }));
}

function posts(server: LsTestServer, path?: RegExp) {
  return server.state.requests.filter((r) => r.method === 'POST' && (!path || path.test(r.url)));
}

function onePerTask(server: LsTestServer, projectId = 1) {
  return server.state.projects
    .get(projectId)!
    .tasks.map((t) => server.state.predictionsFor(t.id).length);
}

describe('attach to existing tasks', () => {
  it('sends predictions in batches to /import/predictions', async () => {
    const server = await serverWith(250);
    const client = clientFor(server.url, server.state.legacyToken);
    const report = await client.push(existing(server), {
      projectId: 1,
      config: CONFIG,
      batchSize: 100,
    });
    expect(report.summary).toMatchObject({
      total: 250,
      sent: 250,
      failed: 0,
      invalid: 0,
      wouldSend: 0,
    });
    expect(report.attachEndpoint).toBe('import-predictions');
    expect(posts(server, /import\/predictions/)).toHaveLength(3);
    expect(onePerTask(server).every((n) => n === 1)).toBe(true);
    const stored = server.state.predictionsFor(5)[0]!;
    expect(stored).toMatchObject({ model_version: 'yolo@1', score: 0.8 });
    expect(stored.result).toEqual(boxPrediction().result);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const server = await serverWith(400);
    let inFlight = 0;
    let most = 0;
    const client = clientFor(server.url, server.state.legacyToken, {
      fetch: async (input, init) => {
        inFlight++;
        most = Math.max(most, inFlight);
        try {
          return await fetch(input, init);
        } finally {
          inFlight--;
        }
      },
    });
    server.addFault({ method: 'POST', times: 100, action: { kind: 'delay', ms: 20 } });
    const report = await client.push(existing(server), {
      projectId: 1,
      config: CONFIG,
      batchSize: 20,
      concurrency: 3,
    });
    expect(report.summary.sent).toBe(400);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
  });

  it('falls back to POST /api/predictions/ when /import/predictions is missing', async () => {
    const server = await serverWith(12, { importPredictions: false });
    const client = clientFor(server.url, server.state.legacyToken);
    const report = await client.push(existing(server), {
      projectId: 1,
      config: CONFIG,
      batchSize: 5,
    });
    expect(report.summary.sent).toBe(12);
    expect(report.attachEndpoint).toBe('predictions');
    expect(posts(server, /^\/api\/predictions\/$/)).toHaveLength(12);
    expect(onePerTask(server)).toEqual(Array(12).fill(1));
  });

  it('a batch refused for one bad task id: the others still go, the bad one is named', async () => {
    const server = await serverWith(6);
    const other = server.state.projects.get(1)!;
    const items = existing(server);
    items[2] = { task: { id: 9999, data: { image: 'x.jpg' } }, prediction: boxPrediction() };
    const report = await clientFor(server.url, server.state.legacyToken).push(items, {
      projectId: other.id,
      config: CONFIG,
    });
    expect(report.summary).toMatchObject({ sent: 5, failed: 1 });
    expect(report.items[2]).toMatchObject({ status: 'failed', taskId: 9999 });
    expect(report.items[2]!.reason).toMatch(/9999/);
  });

  it('skips tasks that already have a prediction of the same model_version', async () => {
    const server = await serverWith(4);
    server.state.addPrediction(2, { model_version: 'yolo@1', result: [] });
    server.state.addPrediction(3, { model_version: 'other@7', result: [] });
    const report = await clientFor(server.url, server.state.legacyToken).push(existing(server), {
      projectId: 1,
      config: CONFIG,
    });
    expect(report.summary).toMatchObject({ sent: 3, skipped: 1 });
    expect(report.items[1]).toMatchObject({ status: 'skipped', taskId: 2 });
    expect(server.state.predictionsFor(2)).toHaveLength(1);
    expect(server.state.predictionsFor(3)).toHaveLength(2);
  });

  it('skips annotated tasks when asked', async () => {
    const server = await serverWith(3);
    const items = existing(server);
    items[1] = { ...items[1]!, task: { ...items[1]!.task, total_annotations: 2 } };
    const client = clientFor(server.url, server.state.legacyToken);
    const report = await client.push(items, { projectId: 1, config: CONFIG, skipAnnotated: true });
    expect(report.items.map((i) => i.status)).toEqual(['sent', 'skipped', 'sent']);
    expect(onePerTask(server)).toEqual([1, 0, 1]);
  });

  it('lists invalid predictions and does not send them', async () => {
    const server = await serverWith(3);
    const items = existing(server);
    items[1] = { ...items[1]!, prediction: boxPrediction('yolo@1', 'Zebra') };
    items[2] = { ...items[2]!, prediction: { ...boxPrediction(), model_version: '' } };
    const report = await clientFor(server.url, server.state.legacyToken).push(items, {
      projectId: 1,
      config: CONFIG,
    });
    expect(report.summary).toMatchObject({ sent: 1, invalid: 2 });
    expect(report.items[1]!.issues!.join()).toMatch(/"Zebra" is not in <RectangleLabels/);
    expect(report.items[2]!.issues!.join()).toMatch(/model_version/);
    expect(onePerTask(server)).toEqual([1, 0, 0]);
  });
});

describe('new tasks', () => {
  const local = (n: number): PushItem[] =>
    Array.from({ length: n }, (_, i) => ({
      task: { data: { image: `https://img.example/${i}.jpg` } },
      prediction: boxPrediction(),
    }));

  it('imports tasks dropped locally with their prediction (sync, task ids returned)', async () => {
    const server = await serverWith(0);
    const report = await clientFor(server.url, server.state.legacyToken).push(local(5), {
      projectId: 1,
      config: CONFIG,
      batchSize: 2,
    });
    expect(report.summary.sent).toBe(5);
    const tasks = server.state.projects.get(1)!.tasks;
    expect(tasks.map((t) => t.data.image)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `https://img.example/${i}.jpg`),
    );
    expect(report.items.map((i) => i.taskId)).toEqual(tasks.map((t) => t.id));
    expect(onePerTask(server)).toEqual([1, 1, 1, 1, 1]);
    expect(posts(server, /\/import\?return_task_ids=true$/)).toHaveLength(3);
  });

  it('imports on a server that answers {import: id} and is polled', async () => {
    const server = await serverWith(0, { asyncImport: true, asyncImportPolls: 2 });
    const report = await clientFor(server.url, server.state.legacyToken).push(local(3), {
      projectId: 1,
      config: CONFIG,
    });
    expect(report.summary.sent).toBe(3);
    expect(report.items.every((i) => typeof i.taskId === 'number')).toBe(true);
    const polls = server.state.requests.filter((r) => /\/imports\/\d+$/.test(r.url));
    expect(polls).toHaveLength(3);
  });

  it('uploads local media, then attaches the prediction to the new task', async () => {
    const server = await serverWith(0);
    const journal = new MemoryPushJournal();
    const bytes = new Uint8Array([1, 2, 3, 4]);
    const items: PushItem[] = ['cat one.jpg', 'dog.jpg'].map((name) => ({
      task: { data: { image: name } },
      prediction: boxPrediction(),
      media: { name, blob: new Blob([bytes], { type: 'image/jpeg' }) },
    }));
    const report = await clientFor(server.url, server.state.legacyToken).push(items, {
      projectId: 1,
      config: CONFIG,
      journal,
    });
    expect(report.summary.sent).toBe(2);
    const tasks = server.state.projects.get(1)!.tasks;
    expect(tasks).toHaveLength(2);
    expect(String(tasks[0]!.data.image)).toMatch(/^\/data\/upload\/1\/[0-9a-f]{8}-cat_one\.jpg$/);
    expect(onePerTask(server)).toEqual([1, 1]);
    expect([...journal.entries.values()].map((e) => e.state)).toEqual(['sent', 'sent']);
    expect([...journal.entries.values()].map((e) => e.taskId)).toEqual(tasks.map((t) => t.id));
  });
});

describe('faults: nothing posted twice', () => {
  it('500 bursts: retried after checking, one prediction per task', async () => {
    const server = await serverWith(30);
    server.addFault({
      path: '/api/projects/1/import/predictions',
      times: 2,
      action: { kind: 'status', status: 500, retryAfter: '0' },
    });
    const report = await clientFor(server.url, server.state.legacyToken).push(existing(server), {
      projectId: 1,
      config: CONFIG,
      batchSize: 10,
    });
    expect(report.summary.sent).toBe(30);
    expect(onePerTask(server).every((n) => n === 1)).toBe(true);
  });

  it('429 with Retry-After is honoured, then sent once', async () => {
    const server = await serverWith(4);
    server.addFault({
      path: '/api/projects/1/import/predictions',
      action: { kind: 'status', status: 429, retryAfter: '1' },
    });
    server.addFault({
      path: '/api/projects/1/import/predictions',
      action: { kind: 'status', status: 429, retryAfter: '0' },
    });
    const waits: number[] = [];
    const slept: number[] = [];
    // The wait is recorded instead of slept: what matters is that the client
    // waits the server's Retry-After before sending again, not the clock.
    const client = clientFor(server.url, server.state.legacyToken, {
      onRetry: (e) => waits.push(e.delayMs),
      wait: async (ms) => {
        slept.push(ms);
      },
    });
    const report = await client.push(existing(server), { projectId: 1, config: CONFIG });
    expect(report.summary.sent).toBe(4);
    expect(waits).toEqual([1000, 0]);
    expect(slept).toEqual([1000, 0]);
    expect(onePerTask(server)).toEqual([1, 1, 1, 1]);
  });

  it('a 503 burst with Retry-After on reads is waited out', async () => {
    const server = await serverWith(3);
    server.addFault({
      path: '/api/tasks/',
      times: 2,
      action: { kind: 'status', status: 503, retryAfter: '0' },
    });
    const waits: number[] = [];
    const client = clientFor(server.url, server.state.legacyToken, {
      onRetry: (e) => waits.push(e.delayMs),
    });
    const { tasks } = await client.collectTasks(1);
    expect(tasks).toHaveLength(3);
    expect(waits).toEqual([0, 0]);
  });

  it('connection dropped AFTER the server stored the batch: confirmed, not re-posted', async () => {
    const server = await serverWith(20);
    server.addFault({
      path: '/api/projects/1/import/predictions',
      action: { kind: 'drop', when: 'after' },
    });
    const report = await clientFor(server.url, server.state.legacyToken).push(existing(server), {
      projectId: 1,
      config: CONFIG,
      batchSize: 10,
    });
    expect(report.summary.sent).toBe(20);
    expect(onePerTask(server)).toEqual(Array(20).fill(1));
    expect(report.items.filter((i) => /confirmed/.test(i.reason ?? ''))).toHaveLength(10);
  });

  it('connection dropped BEFORE the server stored it: sent again, once', async () => {
    const server = await serverWith(8, { importPredictions: false });
    server.addFault({
      path: '/api/predictions/',
      method: 'POST',
      times: 3,
      action: { kind: 'drop', when: 'before' },
    });
    const report = await clientFor(server.url, server.state.legacyToken).push(existing(server), {
      projectId: 1,
      config: CONFIG,
    });
    expect(report.summary.sent).toBe(8);
    expect(onePerTask(server)).toEqual(Array(8).fill(1));
  });

  it('import answered by a dropped connection: the created tasks are found, not imported twice', async () => {
    const server = await serverWith(0);
    server.addFault({ path: '/api/projects/1/import', action: { kind: 'drop', when: 'after' } });
    const items: PushItem[] = [0, 1, 2].map((i) => ({
      task: { data: { image: `https://img.example/${i}.jpg` } },
      prediction: boxPrediction(),
    }));
    const report = await clientFor(server.url, server.state.legacyToken).push(items, {
      projectId: 1,
      config: CONFIG,
    });
    expect(report.summary.sent).toBe(3);
    expect(server.state.projects.get(1)!.tasks).toHaveLength(3);
    expect(onePerTask(server)).toEqual([1, 1, 1]);
  });

  it('upload answered by a dropped connection: the file is found by name, not uploaded twice', async () => {
    const server = await serverWith(0);
    server.addFault({ path: '/api/projects/1/import', action: { kind: 'drop', when: 'after' } });
    const items: PushItem[] = [
      {
        task: { data: { image: 'bird.png' } },
        prediction: boxPrediction(),
        media: { name: 'bird.png', blob: new Blob(['x']) },
      },
    ];
    const report = await clientFor(server.url, server.state.legacyToken).push(items, {
      projectId: 1,
      config: CONFIG,
    });
    expect(report.summary.sent).toBe(1);
    expect(server.state.projects.get(1)!.tasks).toHaveLength(1);
    expect(onePerTask(server)).toEqual([1]);
  });

  it('a crash after sending (journal says uncertain): the next run checks, then sends only what is missing', async () => {
    const server = await serverWith(4);
    const journal = new MemoryPushJournal();
    const client = clientFor(server.url, server.state.legacyToken);
    const items = existing(server);
    // Simulate: a previous run posted tasks 1–2, got no answer and died; the server kept 1 only.
    await client.push(items, { projectId: 1, config: CONFIG, journal, dryRun: true });
    const key = (id: number) => [...journal.entries.keys()].find((k) => k.endsWith(`task:${id}`));
    expect(journal.entries.size).toBe(0); // dry run writes nothing
    const report0 = await client.push(items.slice(0, 1), { projectId: 1, config: CONFIG, journal });
    expect(report0.summary.sent).toBe(1);
    await journal.set(key(1)!, { state: 'uncertain' });
    const k2 = key(1)!.replace('task:1', 'task:2');
    await journal.set(k2, { state: 'uncertain' });

    const before = posts(server).length;
    const report = await client.push(items, { projectId: 1, config: CONFIG, journal });
    expect(report.items.map((i) => i.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect(report.items[0]!.reason).toMatch(/confirmed/);
    expect(onePerTask(server)).toEqual([1, 1, 1, 1]);
    expect(posts(server).length - before).toBe(1); // tasks 2–4 in one batch
  });

  it('cancelled mid-push: the re-run completes with one prediction per task', async () => {
    const server = await serverWith(60);
    const journal = new MemoryPushJournal();
    const client = clientFor(server.url, server.state.legacyToken);
    server.addFault({ method: 'POST', times: 10, action: { kind: 'delay', ms: 30 } });
    const controller = new AbortController();
    let answered = 0;
    const cancelling = clientFor(server.url, server.state.legacyToken, {
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        // Cancel once the first batch is in: the second is then in flight.
        if (init?.method === 'POST' && ++answered === 1) controller.abort();
        return response;
      },
    });
    const first = await cancelling.push(existing(server), {
      projectId: 1,
      config: CONFIG,
      journal,
      batchSize: 10,
      concurrency: 2,
      signal: controller.signal,
    });
    expect(first.stopped?.kind).toBe('aborted');
    expect(first.summary.sent).toBeLessThan(60);
    // What was in flight stays 'uncertain': the next run asks before sending.
    expect(first.items.some((i) => /may have been received/.test(i.reason ?? ''))).toBe(true);
    expect([...journal.entries.values()].some((e) => e.state === 'uncertain')).toBe(true);
    expect(server.state.predictions.length).toBeGreaterThan(0);
    const second = await client.push(existing(server), {
      projectId: 1,
      config: CONFIG,
      journal,
      batchSize: 10,
    });
    expect(second.summary.failed).toBe(0);
    expect(onePerTask(server)).toEqual(Array(60).fill(1));
  });
});

describe('runs, reports, dry run', () => {
  it('dry run: shows what would be sent and POSTs nothing', async () => {
    const server = await serverWith(5);
    const items = [
      ...existing(server),
      { task: { data: { image: 'https://x/new.jpg' } }, prediction: boxPrediction() },
    ];
    const report = await clientFor(server.url, server.state.legacyToken).push(items, {
      projectId: 1,
      config: CONFIG,
      dryRun: true,
    });
    expect(report.dryRun).toBe(true);
    expect(report.summary).toMatchObject({ wouldSend: 6, sent: 0 });
    expect(report.items.map((i) => i.action)).toEqual([
      'attach',
      'attach',
      'attach',
      'attach',
      'attach',
      'import',
    ]);
    expect(posts(server)).toHaveLength(0);
    expect(server.state.predictions).toHaveLength(0);
  });

  it('a second run of the same push skips everything (journal), posting nothing', async () => {
    const server = await serverWith(10);
    const journal = new MemoryPushJournal();
    const client = clientFor(server.url, server.state.legacyToken);
    await client.push(existing(server), { projectId: 1, config: CONFIG, journal });
    const before = posts(server).length;
    const again = await client.push(existing(server), { projectId: 1, config: CONFIG, journal });
    expect(again.summary).toMatchObject({ sent: 0, skipped: 10 });
    expect(posts(server).length).toBe(before);
  });

  it('stops on a refused token; "retry failed" later sends the rest once', async () => {
    const server = await serverWith(30);
    const journal = new MemoryPushJournal();
    const client = clientFor(server.url, server.state.legacyToken);
    const items = existing(server);
    server.addFault({
      path: '/api/projects/1/import/predictions',
      action: { kind: 'status', status: 401 },
    });
    const first = await client.push(items, {
      projectId: 1,
      config: CONFIG,
      journal,
      batchSize: 10,
      concurrency: 1,
    });
    expect(first.stopped?.kind).toBe('unauthorized');
    expect(first.summary.failed).toBe(30);
    const retry = failedItems(items, first);
    expect(retry).toHaveLength(30);
    const second = await client.push(retry, {
      projectId: 1,
      config: CONFIG,
      journal,
      batchSize: 10,
    });
    expect(second.summary.sent).toBe(30);
    expect(onePerTask(server)).toEqual(Array(30).fill(1));
  });

  it('progress goes from checking to done; the token is in no report, progress or error', async () => {
    const server = await serverWith(12);
    const client = clientFor(server.url, server.state.personalAccessToken);
    const seen: PushProgress[] = [];
    server.addFault({
      path: '/api/projects/1/import/predictions',
      action: { kind: 'status', status: 500 },
    });
    const items = existing(server);
    items[0] = { ...items[0]!, prediction: boxPrediction('yolo@1', 'Zebra') };
    const report = await client.push(items, {
      projectId: 1,
      config: CONFIG,
      batchSize: 5,
      onProgress: (p) => seen.push(p),
    });
    expect(seen[0]!.phase).toBe('checking');
    expect(seen.at(-1)).toMatchObject({ phase: 'done', done: 12, sent: 11, invalid: 1 });
    const unauthorized = await clientFor(server.url, server.state.personalAccessToken + 'x').push(
      items,
      {
        projectId: 1,
        config: CONFIG,
      },
    );
    expect(unauthorized.stopped?.kind).toBe('unauthorized');
    expect(
      leaks([server.state.personalAccessToken, ...client.secrets()], report, seen, unauthorized),
    ).toEqual([]);
  });
});

describe('a streamed push (items read page by page)', () => {
  /** Yields `items` one at a time, counting how many were taken. */
  function stream(items: PushItem[]) {
    const taken = { count: 0 };
    async function* read() {
      for (const item of items) {
        taken.count++;
        yield item;
      }
    }
    return { read, taken };
  }

  it('reads one window at a time and reports like an array push', async () => {
    const server = await serverWith(45);
    const items = existing(server);
    items[17] = { ...items[17]!, prediction: boxPrediction('yolo@1', 'Zebra') };
    const { read, taken } = stream(items);
    const takenAtPost: number[] = [];
    const client = clientFor(server.url, server.state.legacyToken, {
      fetch: (input, init) => {
        if (init?.method === 'POST') takenAtPost.push(taken.count);
        return fetch(input, init);
      },
    });
    const windows: number[] = [];
    const report = await client.push(read(), {
      projectId: 1,
      config: CONFIG,
      windowSize: 10,
      batchSize: 4,
      total: 45,
      onWindow: (window, reports) => {
        expect(reports.map((r) => r.index)).toEqual(window.map((_, i) => windows.length * 10 + i));
        windows.push(window.length);
      },
    });
    expect(windows).toEqual([10, 10, 10, 10, 5]);
    // A window's POSTs all leave before the next window is read.
    expect(takenAtPost[0]).toBe(10);
    expect(takenAtPost.every((t) => t % 10 === 0 || t === 45)).toBe(true);
    // 3 batches of ≤ 4 per window of 10 (9 valid in the second), 2 for the last 5.
    expect(posts(server, /import\/predictions/)).toHaveLength(14);
    expect(report.summary).toMatchObject({ total: 45, sent: 44, invalid: 1, failed: 0 });
    expect(report.items.map((r) => r.index)).toEqual(items.map((_, i) => i));
    expect(report.items[17]!.status).toBe('invalid');
    expect(onePerTask(server)).toEqual(items.map((_, i) => (i === 17 ? 0 : 1)));

    const again = await serverWith(45);
    const arrayItems = existing(again);
    arrayItems[17] = items[17]!;
    const asArray = await clientFor(again.url, again.state.legacyToken).push(arrayItems, {
      projectId: 1,
      config: CONFIG,
      batchSize: 4,
    });
    expect(asArray.items.map((r) => r.status)).toEqual(report.items.map((r) => r.status));
  });

  it('skips a repeat of an item from an earlier window', async () => {
    const server = await serverWith(25);
    const items = existing(server);
    items.push({ ...items[2]! });
    const report = await clientFor(server.url, server.state.legacyToken).push(
      stream(items).read(),
      { projectId: 1, config: CONFIG, windowSize: 10, batchSize: 10 },
    );
    expect(report.summary).toMatchObject({ total: 26, sent: 25, skipped: 1 });
    expect(report.items[25]).toMatchObject({ status: 'skipped' });
    expect(report.items[25]!.reason).toMatch(/item 3\b/);
    expect(onePerTask(server)).toEqual(Array(25).fill(1));
  });

  it('after a stop in a later window, reports every remaining item failed; a retry sends them once', async () => {
    const server = await serverWith(30);
    const items = existing(server);
    const { read, taken } = stream(items);
    let postsSeen = 0;
    const stopped = await clientFor(server.url, server.state.legacyToken, {
      fetch: (input, init) => {
        if (init?.method === 'POST' && ++postsSeen === 2) {
          return Promise.resolve(new Response('{"detail":"no"}', { status: 401 }));
        }
        return fetch(input, init);
      },
    }).push(read(), { projectId: 1, config: CONFIG, windowSize: 10, batchSize: 10 });
    expect(stopped.stopped?.kind).toBe('unauthorized');
    expect(stopped.summary).toMatchObject({ total: 30, sent: 10, failed: 20 });
    expect(stopped.items.slice(10).every((r) => r.status === 'failed')).toBe(true);
    expect(taken.count).toBe(30);
    const retry = failedItems(items, stopped);
    const second = await clientFor(server.url, server.state.legacyToken).push(retry, {
      projectId: 1,
      config: CONFIG,
    });
    expect(second.summary.sent).toBe(20);
    expect(onePerTask(server)).toEqual(Array(30).fill(1));
  });
});
