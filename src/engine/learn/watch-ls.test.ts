// The watch loop of the worker against the Label Studio test server (the
// HumanSignal REST API as the fact sheet documents it), driven by a fake
// clock: annotations made in the project retrain the head, the unlabelled
// tasks get the new model_version's predictions exactly once, and server
// errors (500, 401, a dropped connection) are shown while polling goes on.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { startLsTestServer, type LsTestServer } from '../../../test/ls-test-server';
import { examplesFromTasks } from '../../core/annotations';
import { parseLabelingConfig } from '../../core/config';
import { estimateQuality } from '../../learn';
import { FAST_RETRY } from '../../core/ls-client/test-fixtures';
import type { LsTask } from '../../core/tasks/types';
import { openLsDb } from '../ls/ls-db';
import { LsSession } from '../ls/session';
import { EngineLearn, projectScope } from './engine-learn';
import { FakeClock } from './fake-clock';
import { headPredictor, openHeadFile } from './head-predictor';
import { choiceAnnotation, reviewTasks, SENTIMENT_CONFIG, watchHost } from './test-fixtures';
import type { WatchStatus } from './types';
import type { LearnerOptions } from './learner';
import { MemoryVersionStore } from './version-store';

const open: LsTestServer[] = [];
let dbCount = 0;
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A session on the test server's project 1 and the learn half of an engine over it. */
async function connectedLearn(
  hostScope?: (session: LsSession) => string,
  learner?: LearnerOptions,
) {
  const server = await startLsTestServer({
    projects: [
      {
        id: 1,
        title: 'Reviews',
        label_config: SENTIMENT_CONFIG,
        tasks: reviewTasks(12, 6) as never,
      },
    ],
  });
  open.push(server);
  const name = `prelabel-watch-test-${++dbCount}`;
  const session = new LsSession({
    client: { retry: FAST_RETRY, timeoutMs: 10_000 },
    openDb: () => openLsDb(name),
    progressIntervalMs: 0,
  });
  expect(
    (await session.connect({ url: server.url, token: server.state.legacyToken, remember: false }))
      .ok,
  ).toBe(true);
  expect((await session.loadProject(1, {})).ok).toBe(true);
  const clock = new FakeClock();
  const store = new MemoryVersionStore();
  const learn = new EngineLearn(
    watchHost(session, { scope: () => hostScope?.(session) ?? 'local' }),
    { openStore: async () => store, clock, ...(learner ? { learner } : {}) },
  );
  return { server, session, learn, store, clock, dbName: name };
}

/** What a restarted worker has: a new session on the same IndexedDB (its push journal) and the same versions. */
async function restartedEngine(w: {
  server: LsTestServer;
  dbName: string;
  store: MemoryVersionStore;
}) {
  const session = new LsSession({
    client: { retry: FAST_RETRY, timeoutMs: 10_000 },
    openDb: () => openLsDb(w.dbName),
    progressIntervalMs: 0,
  });
  const token = w.server.state.legacyToken;
  expect((await session.connect({ url: w.server.url, token, remember: false })).ok).toBe(true);
  expect((await session.loadProject(1, { configOnly: true })).ok).toBe(true);
  const clock = new FakeClock();
  const learn = new EngineLearn(watchHost(session), { openStore: async () => w.store, clock });
  return learn;
}

/** The same, watching (every 30 s on the fake clock). */
async function setUp(learner?: LearnerOptions) {
  const { server, session, learn, store, clock, dbName } = await connectedLearn(undefined, learner);
  const statuses: WatchStatus[] = [];
  await learn.learnWatchStart({ intervalSeconds: 30 }, (s) => statuses.push(s));
  const loop = learn.watchLoop!;
  const tick = async () => {
    clock.advance(30_000);
    await loop.idle();
  };
  const annotate = (taskId: number, choice: string, extra: Record<string, unknown> = {}) => {
    // As an annotator in Label Studio: the task's updated_at moves on too.
    server.state.annotate(taskId, [choiceAnnotation(9000 + taskId, [choice], extra)]);
  };
  const versionsOn = (taskId: number) =>
    server.state.predictionsFor(taskId).map((p) => p.model_version);
  return { server, session, learn, loop, statuses, tick, annotate, versionsOn, store, dbName };
}

describe('watching a Label Studio project', () => {
  it('retrains on new annotations and pushes the new model_version to the unlabelled tasks', async () => {
    const w = await setUp();
    await w.loop.idle();
    const first = w.loop.status.lastPush!;
    expect(first).toMatchObject({ sent: 6, failed: 0, tasks: 6 });
    expect(first.modelVersion).toMatch(/^text-tfidf-logreg@6-annotations@[0-9a-f]{8}$/);
    // Annotated tasks get nothing; each unlabelled one gets the version once.
    for (let id = 1; id <= 6; id++) expect(w.versionsOn(id)).toEqual([]);
    for (let id = 7; id <= 12; id++) expect(w.versionsOn(id)).toEqual([first.modelVersion]);
    // The pushed predictions are the shared predictor's for the stored head (the CLI's too).
    const stored = (await w.store.list(projectScope(w.session.connected!.server, 1)))[0]!;
    expect(stored.annotationCount).toBe(6);
    const predictor = await headPredictor(
      await openHeadFile(stored.fileName, stored.fileText),
      parseLabelingConfig(SENTIMENT_CONFIG),
    );
    const task7 = w.server.state.tasksById.get(7)! as unknown as LsTask;
    const expected = (await predictor.predict(task7, 0)).prediction;
    const posted = w.server.state.predictionsFor(7)[0]!;
    expect(posted.result).toEqual(expected.result);
    expect(posted.score).toBe(expected.score);

    // Label Studio lists annotations only when asked for every field.
    expect(w.server.state.requests.some((r) => /\/api\/tasks\/?\?.*fields=all/.test(r.url))).toBe(
      true,
    );

    // The watch's pushes are its own: the server panel's last push (retry, report) is untouched.
    expect(w.session.reportFile()).toBeUndefined();

    await w.tick(); // nothing changed: no retrain, nothing posted
    expect(w.server.state.predictions).toHaveLength(6);

    w.annotate(7, 'Positive');
    w.annotate(8, 'Negative');
    await w.tick();
    const second = w.loop.status.lastPush!;
    expect(second.modelVersion).toMatch(/^text-tfidf-logreg@8-annotations@/);
    expect(second).toMatchObject({ sent: 4, tasks: 4 });
    expect(w.loop.status.lastTrained?.versionId).toBe(2);
    for (let id = 9; id <= 12; id++) {
      expect(w.versionsOn(id)).toEqual([first.modelVersion, second.modelVersion]);
    }
    expect(w.versionsOn(7)).toEqual([first.modelVersion]);
    const state = await w.learn.learnState();
    expect(state.versions.map((v) => v.annotationCount)).toEqual([6, 8]);
    expect(state.scope).toBe(`ls:${w.session.connected!.server}|1`);

    // Rolled back while watching: the next poll pushes version 1 where it is missing (a new task).
    const added = w.server.state.addTask(1, { data: { text: 'a brand new film' } });
    await w.learn.learnRollback(1);
    expect(w.loop.status.pushPending).toBe('text-tfidf-logreg@6-annotations');
    await w.tick();
    expect(w.loop.status.lastPush).toMatchObject({ modelVersion: first.modelVersion, sent: 1 });
    expect(w.versionsOn(added.id)).toEqual([first.modelVersion]);
    expect(w.versionsOn(9)).toEqual([first.modelVersion, second.modelVersion]);
    expect(w.server.state.predictions).toHaveLength(11);

    // A label renamed in Label Studio's config is seen on the next poll.
    w.server.state.projects.get(1)!.label_config = SENTIMENT_CONFIG.replace('"Neutral"', '"Mixed"');
    w.annotate(9, 'Mixed');
    await w.tick();
    expect(w.loop.status.lastTrained?.notes.examples).toBe(9);
    expect((await w.learn.learnState()).versions.at(-1)?.labels).toContain('Mixed');
    await w.learn.learnWatchStop();
  });

  it('pushes a new version before its quality estimate, which is filled in afterwards', async () => {
    // The estimate's turns come only when the test gives them.
    const turns: (() => void)[] = [];
    const w = await setUp({ yieldToEvents: () => new Promise((r) => void turns.push(r)) });
    await w.loop.idle();
    expect(w.loop.status.lastPush).toMatchObject({ sent: 6 });
    const pushed = w.loop.status.lastPush!.modelVersion;
    expect(w.versionsOn(7)).toEqual([pushed]);
    const [version] = (await w.learn.learnState()).versions;
    expect(version).toMatchObject({ annotationCount: 6, qualityPending: true });
    expect(version?.quality.accuracy).toBeNull();
    // "Use for a run": the head file is there already.
    expect((await w.learn.learnExportHead(1)).fileName).toBe(
      'text-tfidf-logreg@6-annotations.json',
    );

    const filled = w.learn.learnQuality();
    while (turns.length) {
      turns.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
    const state = await filled;
    const examples = examplesFromTasks(parseLabelingConfig(SENTIMENT_CONFIG), [
      ...w.server.state.tasksById.values(),
    ] as unknown as LsTask[]).examples;
    expect(state.versions[0]?.qualityPending).toBeUndefined();
    expect(state.versions[0]?.quality).toEqual(
      estimateQuality(examples, { labels: ['Positive', 'Negative', 'Neutral'] }),
    );
    expect(state.versions[0]?.quality).toMatchObject({ method: 'leave-one-out', examples: 6 });
    await w.learn.learnWatchStop();
  });

  it('says what went wrong (500, 401, no answer), keeps polling, and recovers without losing a version', async () => {
    const w = await setUp();
    await w.loop.idle();
    w.annotate(7, 'Positive');
    w.server.addFault({
      path: '/api/projects/1',
      action: { kind: 'status', status: 500 },
      times: 20,
    });
    await w.tick();
    expect(w.loop.status.error).toMatchObject({ kind: 'server-error' });
    expect(w.loop.status.error?.message).toMatch(/500|server/i);
    expect(w.loop.status.phase).toBe('waiting');
    w.server.faults.length = 0;

    w.server.addFault({
      path: '/api/projects/1',
      action: { kind: 'status', status: 401 },
      times: 20,
    });
    await w.tick();
    expect(w.loop.status.error?.kind).toBe('unauthorized');
    w.server.faults.length = 0;

    // No answer at all (the connection closed every time): named, and polling goes on.
    w.server.addFault({
      path: '/api/projects/1',
      action: { kind: 'drop', when: 'before' },
      times: 20,
    });
    await w.tick();
    expect(['server-down', 'network']).toContain(w.loop.status.error?.kind);
    expect(w.loop.status.phase).toBe('waiting');
    w.server.faults.length = 0;

    // Trained, then the push's request dies: the version is kept and pushed on the next poll.
    w.server.addFault({
      path: /import\/predictions|\/api\/predictions/,
      action: { kind: 'drop', when: 'before' },
      times: 50,
    });
    await w.tick();
    expect(w.loop.status.lastTrained?.notes.examples).toBe(7);
    expect(w.loop.status.pushPending).toBe('text-tfidf-logreg@7-annotations');
    expect(w.loop.status.error).toBeDefined();
    w.server.faults.length = 0;
    const polls = w.loop.status.polls;
    await w.learn.learnWatchPollNow();
    expect(w.loop.status.polls).toBe(polls + 1);
    expect(w.loop.status.error).toBeUndefined();
    expect(w.loop.status.pushPending).toBeUndefined();
    expect(w.loop.status.lastPush).toMatchObject({ sent: 5 });
    expect((await w.learn.learnState()).versions.map((v) => v.annotationCount)).toEqual([6, 7]);
    for (let id = 8; id <= 12; id++) expect(w.versionsOn(id)).toHaveLength(2);
    await w.learn.learnWatchStop();
    expect(w.loop.status.phase).toBe('stopped');
  });

  it('"Train" on a loaded project reads its tasks again with their annotations', async () => {
    const w = await connectedLearn((session) => projectScope(session.connected!.server, 1));
    const task = w.server.state.tasksById.get(7)!;
    task.annotations = [choiceAnnotation(9007, ['Positive'])];
    const before = w.server.state.requests.length;
    const result = await w.learn.learnTrain();
    expect(result.version.annotationCount).toBe(7);
    expect(result.state.scope).toBe(`ls:${w.session.connected!.server}|1`);
    const asked = w.server.state.requests.slice(before).map((r) => r.url);
    expect(asked.some((u) => /fields=all/.test(u))).toBe(true);
    w.server.addFault({
      path: '/api/projects/1',
      action: { kind: 'status', status: 401 },
      times: 5,
    });
    await expect(w.learn.learnTrain()).rejects.toThrow(/token|401|authori/i);
    expect((await w.learn.learnState()).versions).toHaveLength(1);
  });

  it('a watch resumed after an engine restart retrains nothing it learned and pushes no version twice', async () => {
    const w = await setUp();
    await w.loop.idle();
    // A new annotation trains version 2; its push dies, then the engine restarts.
    w.annotate(7, 'Positive');
    w.server.addFault({
      path: /import\/predictions|\/api\/predictions/,
      action: { kind: 'drop', when: 'before' },
      times: 50,
    });
    await w.tick();
    const stopped = structuredClone(w.loop.status);
    expect(stopped.pushPending).toBe('text-tfidf-logreg@7-annotations');
    await w.learn.learnWatchStop();
    w.server.faults.length = 0;
    const versionsOn = () => [8, 9, 10, 11, 12].map((id) => w.versionsOn(id).length);
    expect(versionsOn()).toEqual([1, 1, 1, 1, 1]);

    const second = await restartedEngine(w);
    await second.learnWatchStart({ intervalSeconds: 30, resumeFrom: stopped }, () => undefined);
    await second.watchLoop!.idle();
    const resumed = second.watchLoop!.status;
    expect(resumed.error).toBeUndefined();
    expect(resumed.polls).toBe(stopped.polls + 1);
    expect(resumed.lastPush).toMatchObject({ sent: 5, failed: 0 });
    expect(resumed.lastPush?.modelVersion).toMatch(/^text-tfidf-logreg@7-annotations@/);
    expect(resumed.pushPending).toBeUndefined();
    expect((await second.learnState()).versions.map((v) => v.annotationCount)).toEqual([6, 7]);
    expect(versionsOn()).toEqual([2, 2, 2, 2, 2]);
    await second.learnWatchStop();

    // Another restart from the stale status (it still names version 2 as unpushed):
    // the push journal sends nothing twice and nothing is retrained.
    const third = await restartedEngine(w);
    await third.learnWatchStart({ intervalSeconds: 30, resumeFrom: stopped }, () => undefined);
    await third.watchLoop!.idle();
    expect(third.watchLoop!.status.lastPush).toMatchObject({ sent: 0, skipped: 5, failed: 0 });
    expect((await third.learnState()).versions).toHaveLength(2);
    expect(versionsOn()).toEqual([2, 2, 2, 2, 2]);
    await third.learnWatchStop();
  });

  it('polls in between ask only for the tasks updated since (filter:tasks:updated_at); every 10 polls all of them', async () => {
    const w = await setUp();
    await w.loop.idle();
    expect(w.loop.status.lastRead).toEqual({ complete: true, tasks: 12 });
    const taskReads = () =>
      w.server.state.requests
        .map((r) => new URL(r.url, w.server.url))
        .filter((u) => /\/api\/tasks\/?$/.test(u.pathname));
    const before = taskReads().length;
    await w.tick();
    const [asked] = taskReads().slice(before);
    const query = JSON.parse(asked!.searchParams.get('query')!) as {
      filters: { items: { filter: string; operator: string; type: string; value: string }[] };
    };
    expect(query.filters.items).toEqual([
      {
        filter: 'filter:tasks:updated_at',
        operator: 'greater',
        type: 'Datetime',
        value: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
    ]);
    expect(asked!.searchParams.get('fields')).toBe('all');
    // Only the tasks touched in the last minute (the margin): here all 12, created just now.
    expect(w.loop.status.lastRead?.complete).toBe(false);

    // Made older than the margin: the next poll gets only what an annotator changes.
    for (const t of w.server.state.projects.get(1)!.tasks)
      t.updated_at = '2026-01-01T00:00:00.000Z';
    for (let i = 0; i < 8; i++) await w.tick(); // polls 3…10, nothing new
    expect(w.loop.status).toMatchObject({ polls: 10, lastRead: { complete: false, tasks: 0 } });
    w.annotate(8, 'Negative');
    await w.tick(); // poll 11 (1 + 10): the whole project again
    expect(w.loop.status.lastRead).toEqual({ complete: true, tasks: 12 });
    expect(w.loop.status.lastTrained?.notes.examples).toBe(7);
    w.annotate(9, 'Positive');
    await w.tick(); // poll 12: only the tasks changed within the margin (8 and 9)…
    expect(w.loop.status.lastRead).toEqual({ complete: false, tasks: 2 });
    // …and the retrain still learns from every annotation of the project.
    expect(w.loop.status.lastTrained?.notes.examples).toBe(8);
    expect((await w.learn.learnState()).versions.map((v) => v.annotationCount)).toEqual([6, 7, 8]);
    for (const id of [10, 11, 12]) expect(w.versionsOn(id)).toHaveLength(3);
    await w.learn.learnWatchStop();
  });
});
