// The worker-side Label Studio session against the Label Studio test server:
// connect (both token kinds, classified failures), remember-or-not, projects,
// paged task loading, media with and without the token, push / dry run /
// retry / reload without duplicates, the report, cancel.

import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  browserLikeFetch,
  startLsTestServer,
  type LsTestServer,
  type LsTestServerOptions,
} from '../../../test/ls-test-server';
import type { PushItem, PushProgress } from '../../core/ls-client';
import { CONFIG_XML, FAST_RETRY, boxPrediction } from '../../core/ls-client/test-fixtures';
import { openLsDb } from './ls-db';
import { LsSession, type LsSessionOptions } from './session';
import type { LsLoadProgress } from './types';

const PAGE = 'http://127.0.0.1:4173';
const open: LsTestServer[] = [];
let dbCount = 0;

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function server(extra: LsTestServerOptions = {}, count = 5): Promise<LsTestServer> {
  const s = await startLsTestServer({
    projects: [
      {
        id: 1,
        title: 'Pets',
        label_config: CONFIG_XML,
        generate: { count, data: (i) => ({ image: `/data/upload/1/${i}.png` }) },
      },
    ],
    uploads: { '1/0.png': Uint8Array.from([137, 80, 78, 71, 1]) },
    ...extra,
  });
  open.push(s);
  return s;
}

/** A fresh database per test; pass the same name twice to simulate a reload. */
function dbName(): string {
  return `prelabel-ls-test-${++dbCount}`;
}

function session(name = dbName(), extra: LsSessionOptions = {}): LsSession {
  return new LsSession({
    client: { retry: FAST_RETRY, timeoutMs: 10_000 },
    openDb: () => openLsDb(name),
    progressIntervalMs: 0,
    ...extra,
  });
}

/** Everything the database holds, as one string (to look for tokens). */
async function dbDump(name: string): Promise<string> {
  const db = await openLsDb(name);
  const all = [...(await db.getAll('push-journal')), ...(await db.getAll('connections'))];
  db.close();
  return JSON.stringify(all);
}

async function connected(s: LsTestServer, name = dbName(), extra: LsSessionOptions = {}) {
  const ls = session(name, extra);
  const result = await ls.connect({ url: s.url, token: s.state.legacyToken, remember: false });
  expect(result.ok).toBe(true);
  return ls;
}

async function loaded(s: LsTestServer, name = dbName()) {
  const ls = await connected(s, name);
  const result = await ls.loadProject(1, { pageSize: 2 });
  if (!result.ok) throw new Error(result.error.message);
  return { ls, tasks: result.tasks };
}

function itemsFor(tasks: { id: number; data: Record<string, unknown> }[], mv = 'yolo@1') {
  return tasks.map((task): PushItem => ({ task, prediction: boxPrediction(mv) }));
}

function predictionCounts(s: LsTestServer): number[] {
  return s.state.projects.get(1)!.tasks.map((t) => s.state.predictionsFor(t.id).length);
}

function posts(s: LsTestServer): number {
  return s.state.requests.filter((r) => r.method === 'POST' && !r.url.includes('token')).length;
}

describe('connect', () => {
  it('accepts a legacy token and a personal access token, naming version and user', async () => {
    const s = await server();
    const ls = session();
    const legacy = await ls.connect({ url: s.url, token: s.state.legacyToken, remember: false });
    expect(legacy).toMatchObject({
      ok: true,
      connection: { version: '1.13.1', tokenKind: 'legacy', user: { name: 'Test User' } },
    });
    const pat = await ls.connect({
      url: `${s.url}/projects/1/data`,
      token: s.state.personalAccessToken,
      remember: false,
    });
    expect(pat).toMatchObject({
      ok: true,
      connection: { tokenKind: 'personal-access-token', linkedProjectId: 1, remembered: false },
    });
    expect(s.state.requests.some((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
  });

  it('classifies a wrong token, a dead server, a wrong address, mixed content; no token in any message', async () => {
    const s = await server();
    const ls = session();
    const badToken = 'wrong-token-0123456789abcdef';
    const refused = await ls.connect({ url: s.url, token: badToken, remember: false });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'unauthorized', status: 401 } });
    expect(JSON.stringify(refused)).not.toContain(badToken);

    const dead = await startLsTestServer();
    const deadUrl = dead.url;
    await dead.close();
    const down = await ls.connect({ url: deadUrl, token: badToken, remember: false });
    expect(down).toMatchObject({ ok: false, error: { kind: 'server-down' } });

    const notLs = await ls.connect({ url: `${s.url}/public/`, token: badToken, remember: false });
    // /public/api/version is not the API: the address is wrong, not the token.
    expect(notLs.ok).toBe(false);
    if (!notLs.ok) expect(notLs.error.kind).toBe('wrong-url');

    const https = session(dbName(), { pageOrigin: 'https://prelabel.example' });
    const mixed = await https.connect({
      url: 'http://ls.example.com:8080',
      token: badToken,
      remember: false,
    });
    expect(mixed).toMatchObject({ ok: false, error: { kind: 'mixed-content' } });
    expect(s.state.requests.some((r) => r.url.includes('ls.example.com'))).toBe(false);
  });

  it('names the CORS setting when the server refuses this origin', async () => {
    const s = await server({ cors: ['http://somewhere.else'] });
    const ls = session(dbName(), { pageOrigin: PAGE, fetch: browserLikeFetch(PAGE) });
    const result = await ls.connect({ url: s.url, token: s.state.legacyToken, remember: false });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('cors');
    expect(result.error.message).toContain(`CORS_ALLOWED_ORIGINS=${PAGE}`);

    s.settings.cors = [PAGE];
    expect((await ls.connect({ url: s.url, token: s.state.legacyToken, remember: false })).ok).toBe(
      true,
    );
  });

  it('in a cross-origin isolated page (no-cors probe blocked) names both causes and the CORS setting', async () => {
    const s = await server({ cors: ['http://somewhere.else'] });
    const browser = browserLikeFetch(PAGE);
    // COEP require-corp blocks the no-cors probe: Label Studio sends no CORP header.
    const isolatedFetch: typeof fetch = (input, init) =>
      init?.mode === 'no-cors'
        ? Promise.reject(new TypeError('Failed to fetch'))
        : browser(input, init);
    const ls = session(dbName(), {
      pageOrigin: PAGE,
      crossOriginIsolated: true,
      fetch: isolatedFetch,
    });
    const result = await ls.connect({ url: s.url, token: s.state.legacyToken, remember: false });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain(`CORS_ALLOWED_ORIGINS=${PAGE}`);
    expect(result.error.message).toContain('nothing runs at that address');
  });
});

describe('remember on this device', () => {
  it('stores nothing unless ticked; ticked, the token is kept and reused; unticked later, it goes', async () => {
    const s = await server();
    const name = dbName();
    const token = s.state.legacyToken;
    const ls = session(name);
    await ls.connect({ url: s.url, token, remember: false });
    expect(await dbDump(name)).not.toContain(token);
    expect(await ls.savedConnections()).toEqual([]);

    const remembered = await ls.connect({ url: s.url, token, remember: true });
    expect(remembered).toMatchObject({ ok: true, connection: { remembered: true } });
    expect(await dbDump(name)).toContain(token);
    const saved = await ls.savedConnections();
    expect(saved).toHaveLength(1);
    expect(JSON.stringify(saved)).not.toContain(token);

    // A reload: a new session on the same database connects with an empty token field.
    const later = session(name);
    expect((await later.connect({ url: s.url, token: '', remember: true })).ok).toBe(true);
    expect((await later.connect({ url: s.url, token: '', remember: false })).ok).toBe(true);
    expect(await dbDump(name)).not.toContain(token);
    const none = await session(name).connect({ url: s.url, token: '', remember: false });
    expect(none).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
  });

  it('forget() deletes the kept token', async () => {
    const s = await server();
    const name = dbName();
    const ls = session(name);
    await ls.connect({ url: s.url, token: s.state.legacyToken, remember: true });
    await ls.forget(`${s.url}/projects/1`);
    expect(await dbDump(name)).not.toContain(s.state.legacyToken);
    expect(ls.connected?.remembered).toBe(false);
  });
});

describe('projects and tasks', () => {
  it('lists projects', async () => {
    const s = await server();
    const ls = await connected(s);
    const result = await ls.listProjects();
    expect(result).toEqual({ ok: true, projects: [{ id: 1, title: 'Pets', taskCount: 5 }] });
  });

  it('loads the config and every task page by page, with progress', async () => {
    const s = await server({}, 25);
    const ls = await connected(s);
    const events: LsLoadProgress[] = [];
    const result = await ls.loadProject(1, { pageSize: 10 }, (p) => events.push(p));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.project).toMatchObject({
      project: { id: 1, title: 'Pets' },
      labelConfig: CONFIG_XML,
      taskCount: 25,
      tasksLoaded: true,
    });
    expect(result.project.configProblem).toBeUndefined();
    expect(result.tasks.map((t) => t.id)).toEqual(s.state.projects.get(1)!.tasks.map((t) => t.id));
    const taskPages = s.state.requests.filter((r) => r.url.startsWith('/api/tasks/'));
    expect(taskPages.length).toBeGreaterThanOrEqual(3);
    const kept = events.filter((e) => e.phase === 'tasks').map((e) => e.kept);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ phase: 'done', kept: 25, total: 25 });
  });

  it('loads a large project (10k tasks) in pages, every task once, in order', async () => {
    const s = await server({}, 10_000);
    const ls = await connected(s);
    let events = 0;
    const result = await ls.loadProject(1, { pageSize: 500 }, () => events++);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ids = result.tasks.map((t) => t.id);
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(s.state.requests.filter((r) => r.url.startsWith('/api/tasks/')).length).toBe(20);
    expect(events).toBeGreaterThanOrEqual(3);
  });

  it('skips annotated tasks, tasks of other projects, and tasks that already have the model version', async () => {
    const s = await startLsTestServer({
      ignoreProjectFilter: true,
      projects: [
        {
          id: 1,
          label_config: CONFIG_XML,
          tasks: [
            { data: { image: 'a.png' } },
            { data: { image: 'b.png' }, total_annotations: 1 },
            { data: { image: 'c.png' } },
            { data: { image: 'd.png' } },
          ],
        },
        { id: 2, label_config: CONFIG_XML, tasks: [{ data: { image: 'x.png' } }] },
      ],
    });
    open.push(s);
    const [a, , c] = s.state.projects.get(1)!.tasks;
    s.state.addPrediction(a!.id, { model_version: 'yolo@1', result: [] });
    s.state.addPrediction(c!.id, { model_version: 'other@2', result: [] });
    const ls = await connected(s);
    const result = await ls.loadProject(1, {
      skipAnnotated: true,
      skipExistingModelVersion: 'yolo@1',
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.tasks.map((t) => t.data.image)).toEqual(['c.png', 'd.png']);
    expect(result.project).toMatchObject({
      taskCount: 2,
      skippedAnnotated: 1,
      droppedOtherProject: 1,
      skippedPredicted: 1,
    });
  });

  it('loads only the config when asked, and reports a config Prelabel cannot read', async () => {
    const s = await startLsTestServer({
      projects: [
        { id: 1, label_config: CONFIG_XML, generate: { count: 3, data: () => ({ image: 'a' }) } },
        {
          id: 2,
          label_config:
            '<View><Image name="img" value="$image"/><RectangleLabels name="l" toName="nowhere"><Label value="A"/></RectangleLabels></View>',
          generate: { count: 2, data: () => ({ image: 'b' }) },
        },
      ],
    });
    open.push(s);
    const ls = await connected(s);
    const only = await ls.loadProject(1, { configOnly: true });
    expect(only).toMatchObject({ ok: true, tasks: [], project: { tasksLoaded: false } });
    expect(s.state.requests.some((r) => r.url.includes('tasks'))).toBe(false);
    const broken = await ls.loadProject(2);
    expect(broken.ok).toBe(true);
    if (!broken.ok) return;
    expect(broken.project.configProblem?.message).toMatch(/nowhere/);
    expect(broken.tasks).toHaveLength(2);
    await expect(ls.push(itemsFor(broken.tasks), { dryRun: true })).rejects.toThrow(
      /cannot read the labeling config/,
    );
  });

  it('a missing project is a not-found error; a cancelled load is aborted', async () => {
    const s = await server({}, 30);
    const ls = await connected(s);
    expect(await ls.loadProject(9)).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    s.addFault({ path: '/api/tasks', times: 10, action: { kind: 'delay', ms: 300 } });
    const pending = ls.loadProject(1, { pageSize: 5, opId: 'load' });
    setTimeout(() => ls.cancel('load'), 100);
    expect(await pending).toMatchObject({ ok: false, error: { kind: 'aborted' } });
  });
});

describe('task media', () => {
  it('fetches server files with the token and public URLs elsewhere without it', async () => {
    const s = await server({ localFiles: { 'photos/a.jpg': Uint8Array.from([255, 216, 1]) } });
    const elsewhere = await startLsTestServer({ publicFiles: { 'p.png': Uint8Array.from([9]) } });
    open.push(elsewhere);
    const ls = await connected(s);
    const upload = await ls.fetchTaskMedia('/data/upload/1/0.png');
    expect([...new Uint8Array(await upload.arrayBuffer())]).toEqual([137, 80, 78, 71, 1]);
    const local = await ls.fetchTaskMedia('/data/local-files/?d=photos/a.jpg');
    expect(local.size).toBe(3);
    const relative = await ls.fetchTaskMedia('data/upload/1/0.png');
    expect(relative.size).toBe(5);
    const media = s.state.requests.filter((r) => r.url.startsWith('/data/'));
    expect(media.every((r) => r.authorization === `Token ${s.state.legacyToken}`)).toBe(true);

    const pub = await ls.fetchTaskMedia(`${elsewhere.url}/public/p.png`);
    expect(pub.size).toBe(1);
    expect(elsewhere.state.requests.every((r) => r.authorization === undefined)).toBe(true);
  });

  it('a missing file fails with a message naming it, without the token', async () => {
    const s = await server();
    const ls = await connected(s);
    const error = await ls.fetchTaskMedia('/data/upload/1/missing.png').catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/missing\.png.*404/);
    expect((error as Error).message).not.toContain(s.state.legacyToken);
    await expect(session().fetchTaskMedia('/data/upload/1/0.png')).rejects.toThrow(/not connected/);
  });
});

describe('push', () => {
  it('attaches one prediction per task with the model version, journalled in IndexedDB', async () => {
    const s = await server({}, 7);
    const name = dbName();
    const { ls, tasks } = await loaded(s, name);
    const progress: PushProgress[] = [];
    const result = await ls.push(itemsFor(tasks), { dryRun: false, batchSize: 3 }, (p) =>
      progress.push(p),
    );
    expect(result.summary).toMatchObject({ total: 7, sent: 7, failed: 0, invalid: 0 });
    expect(result).toMatchObject({ dryRun: false, retryable: 0, journalInMemory: false });
    expect(predictionCounts(s)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(s.state.predictions.every((p) => p.model_version === 'yolo@1')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', sent: 7 });
    const dump = await dbDump(name);
    expect(dump).toContain('"state":"sent"');
    expect(dump).not.toContain(s.state.legacyToken);
  });

  it('a dry run posts nothing and shows the first request bodies', async () => {
    const s = await server({}, 8);
    const { ls, tasks } = await loaded(s);
    const before = posts(s);
    const result = await ls.push(itemsFor(tasks), { dryRun: true });
    expect(posts(s)).toBe(before);
    expect(result.summary).toMatchObject({ wouldSend: 8, sent: 0 });
    expect(result.preview).toHaveLength(5);
    const first = result.preview[0]!;
    expect(first).toMatchObject({ action: 'attach', taskId: tasks[0]!.id, regions: 1 });
    expect(JSON.parse(first.body)).toMatchObject({ task: tasks[0]!.id, model_version: 'yolo@1' });
    expect(ls.reportFile()?.fileName).toMatch(/^label-studio-dry-run\.project-1\./);
  });

  it('lists invalid predictions with the reason, sends the rest', async () => {
    const s = await server({}, 3);
    const { ls, tasks } = await loaded(s);
    const items = itemsFor(tasks);
    items[1] = { task: tasks[1]!, prediction: boxPrediction('yolo@1', 'Horse') };
    const result = await ls.push(items, { dryRun: false });
    expect(result.summary).toMatchObject({ sent: 2, invalid: 1 });
    expect(result.reasons).toEqual([
      expect.objectContaining({ status: 'invalid', count: 1, examples: [`task ${tasks[1]!.id}`] }),
    ]);
    expect(result.reasons[0]!.reason).toMatch(/Horse/);
    expect(predictionCounts(s)).toEqual([1, 0, 1]);
  });

  it('after unanswered posts, "retry failed" checks the server first: nothing is posted twice', async () => {
    const s = await server({}, 6);
    const { ls, tasks } = await loaded(s);
    // The first batch is stored but its answer is lost, and the check fails too.
    s.addFault({
      method: 'POST',
      path: '/api/projects/1/import/predictions',
      action: { kind: 'drop', when: 'after' },
    });
    s.addFault({
      method: 'GET',
      path: '/api/predictions',
      times: 6,
      action: { kind: 'drop', when: 'before' },
    });
    const first = await ls.push(itemsFor(tasks), { dryRun: false, batchSize: 3, concurrency: 1 });
    expect(first.summary.failed).toBeGreaterThan(0);
    expect(first.retryable).toBe(first.summary.failed);
    expect(first.reasons[0]).toMatchObject({ status: 'failed' });

    const retried = await ls.retryFailed({ dryRun: false });
    expect(retried).toMatchObject({ retried: true, retryable: 0 });
    expect(retried.summary).toMatchObject({ total: 6, sent: 6, failed: 0 });
    expect(predictionCounts(s)).toEqual([1, 1, 1, 1, 1, 1]);
    const report = JSON.parse(await ls.reportFile()!.blob.text()) as { summary: unknown };
    expect(report.summary).toMatchObject({ sent: 6, failed: 0 });
  });

  it('a reload (new session, same database) skips what was sent: no second POST', async () => {
    const s = await server({}, 4);
    const name = dbName();
    const { ls, tasks } = await loaded(s, name);
    await ls.push(itemsFor(tasks), { dryRun: false });
    const before = posts(s);
    const again = await loaded(s, name);
    // Tasks listed before the push would not show their predictions: use the old list.
    const result = await again.ls.push(itemsFor(tasks), { dryRun: false, skipExisting: false });
    expect(result.summary).toMatchObject({ sent: 0, skipped: 4 });
    expect(result.reasons[0]?.reason).toMatch(/push journal/);
    expect(posts(s)).toBe(before);
    expect(predictionCounts(s)).toEqual([1, 1, 1, 1]);
  });

  it('finds tasks that got the prediction twice behind its back (a browser re-sending a POST)', async () => {
    const s = await server({}, 4);
    // Like Chromium after a reused connection dropped: the same POST goes out twice,
    // the page sees only the second answer.
    let resent = false;
    const resending: typeof fetch = async (input, init) => {
      const url = String(input);
      if (!resent && init?.method === 'POST' && url.includes('/import/predictions')) {
        resent = true;
        await (await fetch(input, init)).text();
      }
      return fetch(input, init);
    };
    const ls = session(dbName(), { fetch: resending });
    await ls.connect({ url: s.url, token: s.state.legacyToken, remember: false });
    const loadedProject = await ls.loadProject(1);
    if (!loadedProject.ok) throw new Error(loadedProject.error.message);
    const tasks = loadedProject.tasks;
    const result = await ls.push(itemsFor(tasks), { dryRun: false, batchSize: 2 });
    expect(result.summary.sent).toBe(4);
    // Found (count 2 on the first batch's tasks), then the extra copies removed.
    expect(result.duplicates).toEqual([
      expect.objectContaining({
        taskId: tasks[0]!.id,
        count: 2,
        modelVersion: 'yolo@1',
        removed: 1,
      }),
      expect.objectContaining({ taskId: tasks[1]!.id, count: 2, removed: 1 }),
    ]);
    expect(predictionCounts(s)).toEqual([1, 1, 1, 1]);
    const report = JSON.parse(await ls.reportFile()!.blob.text()) as {
      duplicates: unknown[];
      duplicatesRemoved: string;
    };
    expect(report.duplicates).toHaveLength(2);
    expect(report.duplicatesRemoved).toBe('removed 2 duplicate predictions');
  });

  it('a clean push verifies with the task listing only', async () => {
    const s = await server({}, 5);
    const { ls, tasks } = await loaded(s);
    const before = s.state.requests.length;
    const result = await ls.push(itemsFor(tasks), { dryRun: false });
    expect(result.duplicates).toEqual([]);
    const after = s.state.requests.slice(before).map((r) => r.url);
    expect(after.some((u) => u.startsWith('/api/predictions/?task='))).toBe(false);
    expect(after.some((u) => u.startsWith('/api/tasks/'))).toBe(true);
    const dry = await ls.push(itemsFor(tasks), { dryRun: true });
    expect(dry.duplicates).toBeUndefined();
  });

  it('stops on a revoked token and says why; the report holds no token', async () => {
    const s = await server({}, 3);
    const { ls, tasks } = await loaded(s);
    s.addFault({ method: 'POST', times: 5, action: { kind: 'status', status: 401 } });
    const result = await ls.push(itemsFor(tasks), { dryRun: false });
    expect(result.stopped).toMatchObject({ kind: 'unauthorized' });
    const text = await ls.reportFile()!.blob.text();
    expect(text).not.toContain(s.state.legacyToken);
    expect(JSON.parse(text)).toMatchObject({ projectId: 1, summary: { sent: 0 } });
  });

  it('refuses to push before connecting, choosing a project, or running', async () => {
    const s = await server();
    await expect(session().push(itemsFor([{ id: 1, data: {} }]), { dryRun: true })).rejects.toThrow(
      /connect/,
    );
    const ls = await connected(s);
    await expect(ls.push(itemsFor([{ id: 1, data: {} }]), { dryRun: true })).rejects.toThrow(
      /project/,
    );
    await expect(ls.push([], { dryRun: true })).rejects.toThrow(/run the model/);
    await expect(ls.retryFailed({ dryRun: false })).rejects.toThrow(/nothing has been pushed/);
  });
});
