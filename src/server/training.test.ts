// Training runs off the request path: with the trainer held inside its worker
// (the job's state "started"), /health, /setup and /predict still answer;
// requests during a job fold into one pending job; a failing trainer fails
// its job only.
import { afterEach, describe, expect, it } from 'vitest';
import {
  annotationEvent,
  exportedTask,
  predictBody,
  setupBody,
  simpleTask,
  trainBody,
} from './protocol-fixtures';
import { trainingGate } from './test-support/fake-learner';
import { startHarness, until, type Harness } from './test-support/harness';

let serve: Harness | undefined;
let release: (() => void) | undefined;

afterEach(async () => {
  release?.();
  await serve?.close();
  serve = undefined;
});

// No hostname: the annotations come only from the request bodies.
const setup = () => setupBody('', '');

describe('training in the worker', () => {
  it('answers /health, /setup and /predict while a job is running', async () => {
    const gate = trainingGate();
    release = gate.open;
    serve = await startHarness({ trainerOptions: { gate: gate.gate } });
    await serve.post('/setup', setup());
    const train = await serve.post('/train', trainBody([exportedTask(1, 'good', 'Positive')]));
    const job = train.body.job as string;
    await until(gate.entered, 'the trainer to start in its worker');

    expect((await serve.post('/job_status', { job })).body.job_status).toBe('started');
    expect(await serve.get('/health')).toEqual({
      status: 200,
      body: { status: 'UP', model_class: 'Prelabel(majority+prelabel-audio)' },
    });
    expect(await serve.post('/setup', setup())).toEqual({
      status: 200,
      body: { model_version: 'majority.v0' },
    });
    expect(await serve.post('/predict', predictBody([simpleTask(2, { text: 'x' })]))).toEqual({
      status: 200,
      body: { results: [] },
    });
    // Still the same job, still held: everything above was answered during it.
    expect((await serve.post('/job_status', { job })).body.job_status).toBe('started');

    gate.open();
    await serve.backend.jobs.idle();
    expect((await serve.post('/job_status', { job })).body.job_status).toBe('finished');
    expect((await serve.post('/setup', setup())).body).toEqual({
      model_version: 'majority.v1-1ann',
    });
  });

  it('folds the requests that arrive during a job into one pending job on the newest data', async () => {
    const gate = trainingGate();
    release = gate.open;
    serve = await startHarness({ trainerOptions: { gate: gate.gate } });
    await serve.post('/setup', setup());
    const first = await serve.post('/train', trainBody([exportedTask(1, 'good', 'Positive')]));
    await until(gate.entered, 'the first job to start');

    const later = [];
    for (const [id, text, choice] of [
      [10, 'bad', 'Negative'],
      [11, 'worse', 'Negative'],
      [12, 'worst', 'Negative'],
    ] as const) {
      const reply = await serve.post(
        '/webhook',
        annotationEvent('ANNOTATION_CREATED', id, text, choice),
      );
      expect(reply.status).toBe(201);
      later.push((reply.body.result as { job: string }).job);
    }
    expect(new Set(later).size).toBe(1);
    expect(later[0]).not.toBe(first.body.job);
    expect((await serve.post('/job_status', { job: later[0] })).body.job_status).toBe('queued');
    expect(serve.backend.jobs.job(later[0]!)?.requests).toBe(3);

    gate.open();
    await serve.backend.jobs.idle();
    const versions = await serve.post('/versions', { project: 3 });
    // Two trainings, not four; the second saw all three new annotations.
    expect(versions.body.versions).toEqual(['majority.v1-1ann', 'majority.v2-4ann']);
    const predicted = await serve.post('/predict', predictBody([simpleTask(5, { text: 'y' })]));
    expect(predicted.body.results![0]).toMatchObject({
      score: 3 / 4,
      model_version: 'majority.v2-4ann',
    });
  });

  it('fails the job with the trainer error and keeps serving the last version', async () => {
    serve = await startHarness({ trainerOptions: { fail: 'out of ideas' } });
    await serve.post('/setup', setup());
    const train = await serve.post('/train', trainBody([exportedTask(1, 'good', 'Positive')]));
    await serve.backend.jobs.idle();
    const status = await serve.post('/job_status', { job: train.body.job });
    expect(status.body).toMatchObject({ job_status: 'failed', error: 'out of ideas' });
    expect((await serve.get('/health')).status).toBe(200);
    expect((await serve.post('/setup', setup())).body).toEqual({ model_version: 'majority.v0' });
    expect(serve.log.join('')).toMatch(/training job .* failed: out of ideas/);
  });
});
