// Both Label Studio generations against `prelabel serve`, with the exact
// request bodies they send (protocol-fixtures.ts) and the Label Studio test
// server as the `hostname` that holds the project's annotations.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLsTestServer, type LsTestServer } from '../../test/ls-test-server';
import {
  PROJECT_UID,
  TEXT_CONFIG,
  annotation,
  annotationEvent,
  annotationsDeletedEvent,
  exportedTask,
  predictBody,
  predictBodyOld,
  setupBody,
  setupBodyOld,
  simpleTask,
  startTrainingEvent,
  tasksCreatedEvent,
  trainBody,
} from './protocol-fixtures';
import { startHarness, until, type Harness } from './test-support/harness';

let ls: LsTestServer;
let serve: Harness;

beforeEach(async () => {
  ls = await startLsTestServer({
    projects: [
      {
        id: 3,
        label_config: TEXT_CONFIG,
        tasks: [
          { id: 1, data: { text: 'awful' }, annotations: [annotation(1, 'Negative')] },
          { id: 2, data: { text: 'terrible' }, annotations: [annotation(2, 'Negative')] },
          { id: 3, data: { text: 'lovely' }, annotations: [annotation(3, 'Positive')] },
          { id: 4, data: { text: 'not labelled yet' } },
        ],
      },
    ],
  });
  serve = await startHarness();
});

afterEach(async () => {
  await serve.close();
  await ls.close();
});

const choiceResult = (choice: string) => [
  { from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } },
];

async function finished(job: string) {
  let status: Record<string, unknown> = {};
  await until(async () => {
    status = (await serve.post('/job_status', { job })).body;
    return status.job_status === 'finished' || status.job_status === 'failed';
  }, `job ${job}`);
  return status;
}

describe('health', () => {
  it('answers GET /health and GET / with status UP and the model class', async () => {
    for (const path of ['/health', '/']) {
      const { status, body } = await serve.get(path);
      expect(status).toBe(200);
      expect(body).toEqual({ status: 'UP', model_class: 'Prelabel(majority+prelabel-audio)' });
    }
  });
});

describe('Label Studio 1.x (before webhooks): /setup, /train, /job_status, /predict', () => {
  it('trains from the tasks /train carries and stamps predictions with the new version', async () => {
    const setup = await serve.post('/setup', setupBodyOld(ls.url, ls.state.legacyToken));
    expect(setup).toEqual({ status: 200, body: { model_version: 'majority.v0' } });

    const untrained = await serve.post(
      '/predict',
      predictBodyOld([simpleTask(4, { text: 'x' })], 'majority.v0'),
    );
    // An empty list: Label Studio stores nothing (rather than empty predictions).
    expect(untrained).toEqual({ status: 200, body: { results: [] } });

    const train = await serve.post(
      '/train',
      trainBody([
        exportedTask(1, 'good', 'Positive'),
        exportedTask(2, 'great', 'Positive'),
        exportedTask(3, 'bad', 'Negative'),
      ]),
    );
    expect(train.status).toBe(201);
    expect(train.body).toEqual({ job: expect.any(String) });

    const status = await finished(train.body.job as string);
    expect(status).toMatchObject({
      job_status: 'finished',
      error: null,
      result: { model_version: 'majority.v1-3ann', examples: 3 },
    });
    for (const key of ['created_at', 'enqueued_at', 'started_at', 'ended_at']) {
      expect(typeof status[key]).toBe('string');
    }

    const again = await serve.post('/setup', setupBodyOld(ls.url, ls.state.legacyToken));
    expect(again.body).toEqual({ model_version: 'majority.v1-3ann' });

    const predicted = await serve.post(
      '/predict',
      predictBodyOld(
        [simpleTask(4, { text: 'nice' }), simpleTask(5, { text: 'meh' })],
        'majority.v1-3ann',
      ),
    );
    expect(predicted.status).toBe(200);
    expect(predicted.body.results).toEqual([
      { result: choiceResult('Positive'), score: 2 / 3, model_version: 'majority.v1-3ann' },
      { result: choiceResult('Positive'), score: 2 / 3, model_version: 'majority.v1-3ann' },
    ]);
  });

  it('answers 400 for /train with no annotations and 410 for an unknown job', async () => {
    await serve.post('/setup', setupBodyOld(ls.url, ls.state.legacyToken));
    const empty = await serve.post('/train', trainBody([]));
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatch(/"annotations"/);
    const unknown = await serve.post('/job_status', { job: 'no-such-job' });
    expect(unknown.status).toBe(410);
  });
});

describe('current Label Studio (webhooks)', () => {
  it('trains on ANNOTATION_CREATED/UPDATED/DELETED and START_TRAINING, fetching the project once', async () => {
    const setup = await serve.post('/setup', setupBody(ls.url, ls.state.legacyToken));
    expect(setup.body).toEqual({ model_version: 'majority.v0' });

    // Label Studio already holds the new annotation when it sends the webhook.
    const created = annotationEvent('ANNOTATION_CREATED', 3, 'lovely', 'Positive');
    const first = await serve.post('/webhook', created);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'ok', result: { job: expect.any(String) } });
    await serve.backend.jobs.idle();
    const exports = ls.state.requests.filter((r) => r.url.startsWith('/api/projects/3/export'));
    expect(exports).toHaveLength(1);
    expect(exports[0]!.authorization).toBe(`Token ${ls.state.legacyToken}`);

    // A task Label Studio's export did not have yet: folded in from the body, no new fetch.
    const updated = annotationEvent('ANNOTATION_UPDATED', 20, 'splendid', 'Positive');
    await serve.post('/webhook', updated);
    await serve.backend.jobs.idle();
    const deleted = await serve.post('/webhook', annotationsDeletedEvent([updated.annotation.id]));
    expect(deleted.status).toBe(201);
    await serve.backend.jobs.idle();
    await serve.post('/webhook', startTrainingEvent());
    await serve.backend.jobs.idle();
    expect(
      ls.state.requests.filter((r) => r.url.startsWith('/api/projects/3/export')),
    ).toHaveLength(2);

    const versions = await serve.post('/versions', { project: PROJECT_UID });
    expect(versions.body.versions).toEqual([
      'majority.v1-3ann',
      'majority.v2-4ann',
      'majority.v3-3ann',
      'majority.v4-3ann',
    ]);
    expect(versions.body.current_version).toBe('majority.v4-3ann');
    const byQuery = await serve.get('/versions?project=3');
    expect(byQuery.body.current_version).toBe('majority.v4-3ann');

    const predicted = await serve.post('/predict', predictBody([simpleTask(4, { text: 'hm' })]));
    expect(predicted.body.results).toEqual([
      { result: choiceResult('Negative'), score: 2 / 3, model_version: 'majority.v4-3ann' },
    ]);
  });

  it('answers other webhook actions 200 "Unknown event" and trains nothing', async () => {
    await serve.post('/setup', setupBody(ls.url, ls.state.legacyToken));
    const other = await serve.post('/webhook', tasksCreatedEvent());
    expect(other).toEqual({ status: 200, body: { status: 'Unknown event' } });
    expect(serve.backend.jobs.projectJobs('3')).toEqual([]);
  });

  it('fetches with a personal access token (exchanged for a Bearer JWT)', async () => {
    await serve.post('/setup', setupBody(ls.url, ls.state.personalAccessToken));
    const reply = await serve.post('/webhook', startTrainingEvent());
    expect(reply.status).toBe(201);
    await serve.backend.jobs.idle();
    const exports = ls.state.requests.filter((r) => r.url.startsWith('/api/projects/3/export'));
    expect(exports).toHaveLength(1);
    expect(exports[0]!.authorization).toMatch(/^Bearer /);
    expect(ls.state.refreshCount).toBe(1);
    const versions = await serve.post('/versions', { project: 3 });
    expect(versions.body.versions).toEqual(['majority.v1-3ann']);
  });

  it('lets LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY win over what /setup sends', async () => {
    await serve.close();
    serve = await startHarness({
      labelStudio: { hostname: ls.url, token: ls.state.legacyToken },
    });
    // Label Studio's own idea of its address, unreachable from here (e.g. inside Docker).
    await serve.post('/setup', setupBody('http://localhost:1', 'stale-token'));
    await serve.post('/webhook', startTrainingEvent());
    await serve.backend.jobs.idle();
    const exports = ls.state.requests.filter((r) => r.url.startsWith('/api/projects/3/export'));
    expect(exports.map((r) => r.authorization)).toEqual([`Token ${ls.state.legacyToken}`]);
  });

  it('ignores cancelled annotations (skipped tasks)', async () => {
    await serve.post('/setup', setupBody(ls.url, ls.state.legacyToken));
    await serve.post('/webhook', annotationEvent('ANNOTATION_CREATED', 3, 'lovely', 'Positive'));
    await serve.backend.jobs.idle();
    await serve.post(
      '/webhook',
      annotationEvent('ANNOTATION_CREATED', 30, 'skipped one', 'Positive', { was_cancelled: true }),
    );
    await serve.backend.jobs.idle();
    const versions = await serve.post('/versions', { project: 3 });
    expect(versions.body.versions).toEqual(['majority.v1-3ann', 'majority.v2-3ann']);
  });
});
