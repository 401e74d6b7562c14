// `prelabel serve` on a <Choices> on an <Audio> project: on START_TRAINING
// the audio learner reads the project's export and fetches its spoken digits
// (../shared/datasets/fsdd) from the Label Studio test server, learns the softmax head `prelabel train` learns on the pooled
// openWakeWord embedding, keeps the model folder `prelabel train` writes, and
// /predict answers exactly as `prelabel predict --model <that folder>`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLsTestServer, type LsTestServer } from '../../test/ls-test-server';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';
import { textSink } from '../../test/text-sink';
import { BUILTIN_DIR } from '../cli/load-model';
import { main } from '../cli/main';
import {
  exportedTaskWith,
  predictBody,
  setupBody,
  simpleTask,
  trainBody,
  webhookProject,
} from './protocol-fixtures';
import { startHarness, type Harness } from './test-support/harness';

const fsdd = resolve(process.cwd(), '../shared/datasets/fsdd');
const have = fixturesPresent(
  'audio learner tests',
  fsdd,
  join(BUILTIN_DIR, 'openwakeword-embedding', 'embedding_model.onnx'),
);
const makeTempDir = tempDirsRemovedAfterAll();

const DIGITS = ['0', '1', '2'];
const SPEAKERS = ['george', 'jackson', 'lucas', 'nicolas', 'theo'];
const CONFIG = `<View><Audio name="audio" value="$audio"/><Choices name="digit" toName="audio">${DIGITS.map(
  (d) => `<Choice value="${d}"/>`,
).join('')}</Choices></View>`;

interface Choice {
  result: { from_name: string; to_name: string; type: string; value: { choices: string[] } }[];
  score: number;
  model_version: string;
}

describe.skipIf(!have)('prelabel serve: the audio learner', () => {
  // Recording 0 of five speakers per digit: 15 annotated clips, tasks 1–15.
  const clips = DIGITS.flatMap((digit) =>
    SPEAKERS.map((speaker) => `${digit}_${speaker}_0.wav`),
  ).map((name, i) => ({
    id: i + 1,
    digit: name[0]!,
    file: join(fsdd, name[0]!, name),
    ref: `/data/upload/3/${name}`,
  }));
  let ls: LsTestServer;
  let serve: Harness;
  let stateDir = '';

  beforeAll(async () => {
    const uploads: Record<string, Uint8Array> = {
      '3/notes.wav': new TextEncoder().encode('not audio'),
    };
    for (const c of clips) uploads[`3/${c.ref.split('/').pop()}`] = readFileSync(c.file);
    // The project's annotated tasks, for the export START_TRAINING fetches.
    const tasks = [
      ...clips.map((c) => exportedTaskWith(c.id, { audio: c.ref }, c.digit, 'digit', 'audio')),
      exportedTaskWith(16, { audio: '/data/upload/3/notes.wav' }, '0', 'digit', 'audio'),
    ].map(({ id, data, annotations }) => ({ id, data, annotations }));
    ls = await startLsTestServer({ projects: [{ id: 3, label_config: CONFIG, tasks }], uploads });
    stateDir = makeTempDir('prelabel-serve-audio-');
    serve = await startHarness({ stateDir });
  });

  afterAll(async () => {
    await serve?.close();
    await ls?.close();
  });

  it('answers no predictions before training, then trains on START_TRAINING skipping the unreadable clip', async () => {
    const setup = await serve.post('/setup', setupBody(ls.url, ls.state.legacyToken, CONFIG));
    expect(setup).toEqual({ status: 200, body: { model_version: 'prelabel-audio.v0' } });
    const before = await serve.post(
      '/predict',
      predictBody([simpleTask(1, { audio: clips[0]!.ref })], CONFIG),
    );
    expect(before).toEqual({ status: 200, body: { results: [] } });

    // "Start Training" with webhooks: the annotations come from the project's export.
    const train = await serve.post('/webhook', {
      action: 'START_TRAINING',
      project: webhookProject(CONFIG),
    });
    expect(train.status).toBe(201);
    const job = (train.body.result as { job: string }).job;
    await serve.backend.jobs.idle();
    expect(ls.state.requests.some((r) => r.url.startsWith('/api/projects/3/export'))).toBe(true);
    expect((await serve.post('/job_status', { job })).body).toMatchObject({
      job_status: 'finished',
      result: { model_version: 'prelabel-audio.v1-15ann', examples: 15 },
    });
    expect(serve.log.join('')).toMatch(/project 3 task 16: .*notes\.wav.*not learnt from/);
    // The folder `prelabel train` writes for audio.
    const head = JSON.parse(
      readFileSync(join(stateDir, 'projects', '3', 'heads', '1', 'head.json'), 'utf8'),
    ) as { classNames: string[]; weights: number[][] };
    expect(head.classNames).toEqual(DIGITS);
  }, 300_000);

  it('predicts exactly as prelabel predict --model <the stored folder> does', async () => {
    const reply = await serve.post(
      '/predict',
      predictBody(
        clips.map((c) => simpleTask(c.id, { audio: c.ref })),
        CONFIG,
      ),
    );
    expect(reply.status).toBe(200);
    const served = reply.body.results as unknown as Choice[];
    expect(served).toHaveLength(clips.length);
    let right = 0;
    served.forEach((s, i) => {
      expect(s.model_version).toBe('prelabel-audio.v1-15ann');
      expect(s.result[0]).toMatchObject({ from_name: 'digit', to_name: 'audio', type: 'choices' });
      if (s.result[0]!.value.choices[0] === clips[i]!.digit) right++;
    });
    expect(right).toBeGreaterThanOrEqual(12);

    const dir = makeTempDir('prelabel-serve-audio-cli-');
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    writeFileSync(
      join(dir, 'tasks.json'),
      JSON.stringify(clips.map((c) => ({ id: c.id, data: { audio: c.file } }))),
    );
    const err = textSink();
    const code = await main(
      [
        'predict',
        '--config',
        join(dir, 'config.xml'),
        '--tasks',
        join(dir, 'tasks.json'),
        '--model',
        join(stateDir, 'projects', '3', 'heads', '1'),
        '--out',
        join(dir, 'out.json'),
      ],
      textSink().stream,
      err.stream,
    );
    expect(code, err.text()).toBe(0);
    const cli = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as {
      predictions: Choice[];
    }[];
    cli.forEach((t, i) => {
      const p = t.predictions[0]!;
      expect(served[i]!.result.map((r) => r.value)).toEqual(p.result.map((r) => r.value));
      expect(served[i]!.score).toBe(p.score);
    });
  }, 300_000);

  it('learns the head prelabel train learns for audio from the same clips', async () => {
    const dir = makeTempDir('prelabel-serve-audio-train-');
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    writeFileSync(
      join(dir, 'annotated.json'),
      JSON.stringify(
        clips.map((c) => exportedTaskWith(c.id, { audio: c.file }, c.digit, 'digit', 'audio')),
      ),
    );
    const err = textSink();
    const code = await main(
      [
        'train',
        '--config',
        join(dir, 'config.xml'),
        '--tasks',
        join(dir, 'annotated.json'),
        '--out',
        join(dir, 'digits'),
      ],
      textSink().stream,
      err.stream,
    );
    expect(code, err.text()).toBe(0);
    const head = (folder: string) => JSON.parse(readFileSync(join(folder, 'head.json'), 'utf8'));
    expect(head(join(stateDir, 'projects', '3', 'heads', '1'))).toEqual(head(join(dir, 'digits')));
  }, 300_000);

  it('retrains from the cached embeddings: no clip is fetched again', async () => {
    const fetched = ls.state.requests.length;
    const tasks = clips.map((c) =>
      exportedTaskWith(c.id, { audio: c.ref }, c.digit, 'digit', 'audio'),
    );
    const train = await serve.post('/train', trainBody(tasks, CONFIG));
    await serve.backend.jobs.idle();
    expect((await serve.post('/job_status', { job: train.body.job })).body.job_status).toBe(
      'finished',
    );
    expect(ls.state.requests.length).toBe(fetched);
    const history = (await serve.post('/versions', { project: 3 })).body.history as {
      name: string;
      metrics: Record<string, number>;
    }[];
    expect(history[1]).toMatchObject({
      name: 'prelabel-audio.v2-15ann',
      metrics: { cachedFeatures: 15, extractedFeatures: 0 },
    });
  }, 300_000);

  it('refuses choice="multiple" at /setup (one label per clip)', async () => {
    const multiple = CONFIG.replace('toName="audio"', 'toName="audio" choice="multiple"');
    const reply = await serve.post('/setup', setupBody(ls.url, ls.state.legacyToken, multiple));
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(/<Choices name="digit"> on an <Audio> is choice="multiple"/);
  });
});
