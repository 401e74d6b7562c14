// `prelabel serve --backbone`: a <Choices> on an <Image> project learns a
// head on the real MobileNetV2 (int8) features of flower photos fetched from
// the Label Studio test server (/data/upload/… with the /setup token), as
// Label Studio's image transfer-learning backend does; /predict answers with
// it exactly as `prelabel predict --model head.json --backbone` does.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLsTestServer, type LsTestServer } from '../../test/ls-test-server';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';
import { textSink } from '../../test/text-sink';
import { main } from '../cli/main';
import { serve as startServe } from '../cli/serve';
import { parseServeArgs } from '../cli/serve-args';
import {
  annotationEventWith,
  exportedTaskWith,
  IMAGE_CHOICES_CONFIG,
  NER_CONFIG,
  predictBody,
  setupBody,
  simpleTask,
  TEXT_CONFIG,
  trainBody,
} from './protocol-fixtures';
import { startHarness, until, type Harness } from './test-support/harness';

const shared = resolve(process.cwd(), '../shared');
const backbone = join(shared, 'models', 'mobilenetv2-12-int8.onnx');
const flowers = join(shared, 'datasets', 'flowers5');
const have = fixturesPresent('image learner tests', backbone, flowers);
const makeTempDir = tempDirsRemovedAfterAll();

const LABELS = ['daisy', 'dandelion', 'roses', 'sunflowers', 'tulips'];

interface Photo {
  id: number;
  label: string;
  file: string;
  /** Its Label Studio path on the test server. */
  ref: string;
}

/** The first `count` photos (name order) of each flower, ids from `firstId`. */
function photos(count: number, skip: number, firstId: number): Photo[] {
  const out: Photo[] = [];
  for (const label of LABELS) {
    for (const f of readdirSync(join(flowers, label))
      .sort()
      .slice(skip, skip + count)) {
      out.push({
        id: firstId + out.length,
        label,
        file: join(flowers, label, f),
        ref: `/data/upload/3/${f}`,
      });
    }
  }
  return out;
}

const annotated = (p: Photo) =>
  exportedTaskWith(p.id, { image: p.ref }, p.label, 'flower', 'image');

interface Choice {
  result: { from_name: string; to_name: string; type: string; value: { choices: string[] } }[];
  score: number;
  model_version: string;
}

describe.skipIf(!have)('prelabel serve --backbone: the image learner', () => {
  const known = have ? photos(3, 0, 1) : []; // 15 annotated photos, tasks 1–15
  const later = have ? photos(1, 3, 20)[0]! : undefined; // annotated later (webhook), task 20
  const unreadable = { id: 16, ref: '/data/upload/3/notes.jpg' };
  const missing = { id: 17, ref: '/data/upload/3/gone.jpg' };
  let ls: LsTestServer;
  let serve: Harness | undefined;
  let stateDir = '';
  const setup = () => setupBody(ls.url, ls.state.legacyToken, IMAGE_CHOICES_CONFIG);
  const mediaRequests = () =>
    ls.state.requests.filter(
      (r) => r.url.startsWith('/data/upload/3/') && !/notes|gone/.test(r.url),
    ).length;

  beforeAll(async () => {
    const uploads: Record<string, Uint8Array> = {
      '3/notes.jpg': new TextEncoder().encode('not an image'),
    };
    for (const p of [...known, later!])
      uploads[`3/${p.ref.split('/').pop()}`] = readFileSync(p.file);
    ls = await startLsTestServer({
      projects: [{ id: 3, label_config: IMAGE_CHOICES_CONFIG }],
      uploads,
    });
    stateDir = makeTempDir('prelabel-serve-image-');
  });

  afterAll(async () => {
    await serve?.close();
    await ls?.close();
  });

  it('answers no predictions before any head exists, as the text learner does', async () => {
    serve = await startHarness({ backbone, stateDir });
    expect((await serve.get('/health')).body.model_class).toBe(
      'Prelabel(majority+prelabel-image+prelabel-audio)',
    );
    expect(await serve.post('/setup', setup())).toEqual({
      status: 200,
      body: { model_version: 'prelabel-image.v0' },
    });
    const before = await serve.post(
      '/predict',
      predictBody([simpleTask(1, { image: known[0]!.ref })], IMAGE_CHOICES_CONFIG),
    );
    expect(before).toEqual({ status: 200, body: { results: [] } });
  });

  let headFile = '';
  let served: Choice[] = [];

  it('trains on /train in the worker, skipping (and naming) the tasks whose image fails', async () => {
    const tasks = [
      ...known.map(annotated),
      exportedTaskWith(unreadable.id, { image: unreadable.ref }, 'daisy', 'flower', 'image'),
      exportedTaskWith(missing.id, { image: missing.ref }, 'roses', 'flower', 'image'),
    ];
    const train = await serve!.post('/train', trainBody(tasks, IMAGE_CHOICES_CONFIG));
    expect(train.status).toBe(201);
    await serve!.backend.jobs.idle();
    const status = await serve!.post('/job_status', { job: train.body.job });
    expect(status.body).toMatchObject({
      job_status: 'finished',
      result: { model_version: 'prelabel-image.v1-15ann', examples: 15 },
    });
    const log = serve!.log.join('');
    expect(log).toMatch(
      /project 3 task 16: cannot decode "\/data\/upload\/3\/notes\.jpg".*not learnt from/,
    );
    expect(log).toMatch(/project 3 task 17: .*404.*not learnt from/);
    // Every image was fetched with the /setup token.
    const media = ls.state.requests.filter((r) => r.url.startsWith('/data/upload/'));
    expect(media.length).toBeGreaterThanOrEqual(17);
    for (const r of media) expect(r.authorization).toBe(`Token ${ls.state.legacyToken}`);

    // The stored head is a `prelabel train --backbone` head.json on this backbone.
    headFile = join(stateDir, 'projects', '3', 'heads', '1.json');
    const head = JSON.parse(readFileSync(headFile, 'utf8')) as {
      learner: string;
      labels: string[];
      annotationCount: number;
      features: { backbone: { name: string } };
    };
    expect(head).toMatchObject({
      learner: 'dense-logreg',
      labels: LABELS,
      annotationCount: 15,
      features: { backbone: { name: 'mobilenetv2-12-int8.onnx' } },
    });
  }, 120_000);

  it('predicts with the head exactly as prelabel predict --model head.json --backbone does', async () => {
    const reply = await serve!.post(
      '/predict',
      predictBody(
        known.map((p) => simpleTask(p.id, { image: p.ref })),
        IMAGE_CHOICES_CONFIG,
      ),
    );
    expect(reply.status).toBe(200);
    served = reply.body.results as unknown as Choice[];
    expect(served).toHaveLength(known.length);
    let right = 0;
    served.forEach((s, i) => {
      expect(s.model_version).toBe('prelabel-image.v1-15ann');
      expect(s.result).toHaveLength(1);
      expect(s.result[0]).toMatchObject({ from_name: 'flower', to_name: 'image', type: 'choices' });
      if (s.result[0]!.value.choices[0] === known[i]!.label) right++;
    });
    // The training photos themselves: a head that learnt something gets most right.
    expect(right).toBeGreaterThanOrEqual(12);

    // The same head file and photos through the CLI.
    const dir = makeTempDir('prelabel-serve-image-cli-');
    copyFileSync(headFile, join(dir, 'head.json'));
    writeFileSync(join(dir, 'config.xml'), IMAGE_CHOICES_CONFIG);
    writeFileSync(
      join(dir, 'tasks.json'),
      JSON.stringify(known.map((p) => ({ id: p.id, data: { image: p.file } }))),
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
        join(dir, 'head.json'),
        '--backbone',
        backbone,
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
  }, 120_000);

  it('learns the head prelabel train --backbone learns from the same photos', async () => {
    const dir = makeTempDir('prelabel-serve-image-train-');
    writeFileSync(join(dir, 'config.xml'), IMAGE_CHOICES_CONFIG);
    writeFileSync(
      join(dir, 'annotated.json'),
      JSON.stringify(
        known.map((p) => exportedTaskWith(p.id, { image: p.file }, p.label, 'flower', 'image')),
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
        '--backbone',
        backbone,
        '--out',
        join(dir, 'head.json'),
      ],
      textSink().stream,
      err.stream,
    );
    expect(code, err.text()).toBe(0);
    type Stored = { model: unknown; features: unknown; labels: string[]; annotationCount: number };
    const cli = JSON.parse(readFileSync(join(dir, 'head.json'), 'utf8')) as Stored;
    const server = JSON.parse(readFileSync(headFile, 'utf8')) as Stored;
    // Same features, same solver: the same weights and standardisation, to the bit.
    expect(server.features).toEqual(cli.features);
    expect(server.model).toEqual(cli.model);
    expect(server.annotationCount).toBe(cli.annotationCount);
  }, 120_000);

  it('retrains on an annotation webhook from the cached features: only the new image is fetched', async () => {
    const fetched = mediaRequests();
    const event = annotationEventWith(
      later!.id,
      { image: later!.ref },
      later!.label,
      'flower',
      'image',
      IMAGE_CHOICES_CONFIG,
    );
    const reply = await serve!.post('/webhook', event);
    expect(reply.status).toBe(201);
    await serve!.backend.jobs.idle();
    expect(mediaRequests() - fetched).toBe(1);
    const versions = await serve!.post('/versions', { project: 3 });
    expect(versions.body.versions).toEqual(['prelabel-image.v1-15ann', 'prelabel-image.v2-16ann']);
    const history = versions.body.history as { metrics: Record<string, number> }[];
    expect(history[1]!.metrics).toMatchObject({ cachedFeatures: 15, extractedFeatures: 1 });
    const predicted = await serve!.post(
      '/predict',
      predictBody([simpleTask(later!.id, { image: later!.ref })], IMAGE_CHOICES_CONFIG),
    );
    expect((predicted.body.results![0] as unknown as Choice).model_version).toBe(
      'prelabel-image.v2-16ann',
    );
  }, 120_000);

  it('keeps the features across a restart: a retrain then fetches no image', async () => {
    await serve!.close();
    serve = await startHarness({ backbone, stateDir });
    const fetched = mediaRequests();
    const train = await serve.post(
      '/train',
      trainBody([...known, later!].map(annotated), IMAGE_CHOICES_CONFIG),
    );
    await serve.backend.jobs.idle();
    expect((await serve.post('/job_status', { job: train.body.job })).body.job_status).toBe(
      'finished',
    );
    expect(mediaRequests()).toBe(fetched);
    const history = (await serve.post('/versions', { project: 3 })).body.history as {
      name: string;
      metrics: Record<string, number>;
    }[];
    expect(history[2]).toMatchObject({
      name: 'prelabel-image.v3-16ann',
      metrics: { cachedFeatures: 16, extractedFeatures: 0 },
    });
  }, 120_000);

  it('keeps each kind to its own versions when the project switches between an image and a text config', async () => {
    const textSetup = setupBody(ls.url, ls.state.legacyToken, TEXT_CONFIG);
    // The project's newest version is an image head: a text config has none yet (the
    // harness's text learner is "majority").
    expect((await serve!.post('/setup', textSetup)).body).toEqual({
      model_version: 'majority.v0',
    });
    const textTask = simpleTask(40, { text: 'a wonderful film' });
    expect((await serve!.post('/predict', predictBody([textTask], TEXT_CONFIG))).body).toEqual({
      results: [],
    });
    const reviews = [
      [41, 'a wonderful film', 'Positive'],
      [42, 'a great and lovely story', 'Positive'],
      [43, 'a dull, awful film', 'Negative'],
      [44, 'boring and bad', 'Negative'],
    ] as const;
    const train = await serve!.post(
      '/train',
      trainBody(
        reviews.map(([id, text, label]) =>
          exportedTaskWith(id, { text }, label, 'sentiment', 'text'),
        ),
        TEXT_CONFIG,
      ),
    );
    await serve!.backend.jobs.idle();
    // Versions are numbered across kinds, so every head has a file of its own.
    expect((await serve!.post('/job_status', { job: train.body.job })).body).toMatchObject({
      job_status: 'finished',
      result: { model_version: 'majority.v4-4ann' },
    });
    const text = await serve!.post('/predict', predictBody([textTask], TEXT_CONFIG));
    expect((text.body.results![0] as unknown as Choice).model_version).toBe('majority.v4-4ann');
    expect((await serve!.post('/versions', { project: 3 })).body.current_version).toBe(
      'majority.v4-4ann',
    );

    // Back to the image config: its newest image head, not the text one.
    expect((await serve!.post('/setup', setup())).body).toEqual({
      model_version: 'prelabel-image.v3-16ann',
    });
    const image = await serve!.post(
      '/predict',
      predictBody([simpleTask(later!.id, { image: later!.ref })], IMAGE_CHOICES_CONFIG),
    );
    expect((image.body.results![0] as unknown as Choice).model_version).toBe(
      'prelabel-image.v3-16ann',
    );
    const versions = await serve!.post('/versions', { project: 3 });
    expect(versions.body.current_version).toBe('prelabel-image.v3-16ann');
    expect(versions.body.versions).toEqual([
      'prelabel-image.v1-15ann',
      'prelabel-image.v2-16ann',
      'prelabel-image.v3-16ann',
      'majority.v4-4ann',
    ]);
  }, 120_000);

  it('fails a job with nothing usable, saying why in the job status', async () => {
    const alone = await startHarness({ backbone, stateDir: makeTempDir('prelabel-serve-image-') });
    try {
      await alone.post('/setup', setup());
      const tasks = [unreadable, missing].map((t) =>
        exportedTaskWith(t.id, { image: t.ref }, 'daisy', 'flower', 'image'),
      );
      const train = await alone.post('/train', trainBody(tasks, IMAGE_CHOICES_CONFIG));
      await alone.backend.jobs.idle();
      const status = await alone.post('/job_status', { job: train.body.job });
      expect(status.body.job_status).toBe('failed');
      expect(status.body.error).toMatch(
        /^no usable annotated image for <Choices name="flower"> \(2 of 2 could not be read\): task 16: cannot decode .*; task 17: .*404/,
      );
      expect((await alone.post('/versions', { project: 3 })).body.versions).toEqual([]);

      // Cancelled annotations are ignored: nothing is left to learn from, and the status says so.
      const cancelled = [1, 2].map((id) => {
        const task = exportedTaskWith(
          id,
          { image: `/data/upload/3/x${id}.jpg` },
          'daisy',
          'flower',
          'image',
        );
        return {
          ...task,
          annotations: task.annotations.map((a) => ({ ...a, was_cancelled: true })),
        };
      });
      const again = await alone.post('/train', trainBody(cancelled, IMAGE_CHOICES_CONFIG));
      await alone.backend.jobs.idle();
      expect((await alone.post('/job_status', { job: again.body.job })).body).toMatchObject({
        job_status: 'failed',
        error:
          'no usable annotations to train on (2 annotated tasks): 2 with only cancelled annotations',
      });
    } finally {
      await alone.close();
    }
  }, 120_000);
});

describe('an image <Choices> project without --backbone', () => {
  it('is refused at /setup and skipped at /train, naming --backbone', async () => {
    const serve = await startHarness({ stateDir: makeTempDir('prelabel-serve-image-') });
    try {
      const setup = await serve.post('/setup', setupBody('', '', IMAGE_CHOICES_CONFIG));
      expect(setup.status).toBe(400);
      expect(setup.body.error).toMatch(
        /<Choices name="flower"> on an <Image>: start prelabel serve with --backbone M\.onnx/,
      );
      const train = await serve.post(
        '/train',
        trainBody(
          [exportedTaskWith(1, { image: 'http://x/a.jpg' }, 'daisy', 'flower', 'image')],
          IMAGE_CHOICES_CONFIG,
        ),
      );
      expect(train.status).toBe(201);
      expect(train.body).toMatchObject({ status: 'skipped' });
      expect(train.body.reason).toMatch(/--backbone M\.onnx/);
    } finally {
      await serve.close();
    }
  });
});

describe.skipIf(!have)('prelabel serve --backbone from the command line', () => {
  const quiet = { write: () => true } as never;

  it('stops before starting when --backbone has no pooled features', async () => {
    const dir = makeTempDir('prelabel-serve-bad-backbone-');
    writeFileSync(join(dir, 'notes.onnx'), 'not a model');
    const args = parseServeArgs(['--backbone', join(dir, 'notes.onnx'), '--port', '0']);
    await expect(startServe({ ...args, stateDir: dir }, quiet)).rejects.toThrow(
      `--backbone ${join(dir, 'notes.onnx')}: notes.onnx: not an ONNX model`,
    );
  });

  it('with a text --model: image <Choices> projects go to the image learner, text ones to the model', async () => {
    const dir = makeTempDir('prelabel-serve-text-and-image-');
    const args = parseServeArgs(['--model', 'builtin-entities', '--backbone', backbone]);
    const running = await startServe({ ...args, port: 0, stateDir: dir }, quiet);
    const post = async (body: unknown) => {
      const response = await fetch(`${running.url}/setup`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    try {
      expect(await post(setupBody('', '', IMAGE_CHOICES_CONFIG))).toEqual({
        status: 200,
        body: { model_version: 'prelabel-image.v0' },
      });
      // The backbone is the image learner's: the text model opens without it.
      let text = await post(setupBody('', '', NER_CONFIG));
      await until(async () => {
        if (text.status !== 200 || !String(text.body.model_version).endsWith('@loading'))
          return true;
        text = await post(setupBody('', '', NER_CONFIG));
        return false;
      }, 'the model to load');
      expect(text.status, JSON.stringify(text.body)).toBe(200);
      expect(text.body.model_version).toMatch(/^builtin-entities/);
    } finally {
      await running.close();
    }
  }, 60_000);
});
