// A real detector behind /predict: images fetched from the Label Studio test
// server (/data/upload/… with the /setup token), boxes on the config's
// RectangleLabels; a task whose media fails gets no prediction (an empty item), the rest of
// the batch its boxes.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLsTestServer, type LsTestServer } from '../../test/ls-test-server';
import { IMAGE_CONFIG, predictBody, setupBody, simpleTask } from './protocol-fixtures';
import { startHarness, type Harness } from './test-support/harness';

const shared = resolve(process.cwd(), '../shared');
const model = join(shared, 'models/yolov8n-int8dyn-320.onnx');
const images = join(shared, 'fixtures/images');
const haveShared = existsSync(model) && existsSync(images);
if (!haveShared && process.env.PRELABEL_REQUIRE_SHARED === '1') {
  throw new Error(`serve-model: ${model} is required (PRELABEL_REQUIRE_SHARED=1) but absent`);
}
if (!haveShared)
  console.warn(`serve-model: ${shared} absent, skipping the real-model /predict tests`);

describe.skipIf(!haveShared)('/predict with a real detector', () => {
  let ls: LsTestServer;
  let serve: Harness;

  beforeAll(async () => {
    ls = await startLsTestServer({
      projects: [{ id: 3, label_config: IMAGE_CONFIG }],
      uploads: {
        '3/astronaut.png': readFileSync(join(images, 'astronaut.png')),
        '3/horse.png': readFileSync(join(images, 'horse.png')),
        '3/notes.png': new TextEncoder().encode('not an image'),
      },
    });
    serve = await startHarness({ model: { model } });
  });

  afterAll(async () => {
    await serve?.close();
    await ls?.close();
  });

  it('predicts boxes for Label Studio paths; only the tasks whose media fail get no prediction', async () => {
    const setup = await serve.post('/setup', setupBody(ls.url, ls.state.legacyToken, IMAGE_CONFIG));
    expect(setup.status).toBe(200);
    let modelVersion = setup.body.model_version as string;
    if (modelVersion.endsWith('@loading')) {
      // As Label Studio does: /setup again before predicting.
      await new Promise((r) => setTimeout(r, 3000));
      modelVersion = (
        await serve.post('/setup', setupBody(ls.url, ls.state.legacyToken, IMAGE_CONFIG))
      ).body.model_version as string;
    }
    expect(modelVersion).toMatch(/^yolov8n-int8dyn-320@/);

    const tasks = [
      simpleTask(1, { image: '/data/upload/3/astronaut.png' }),
      simpleTask(2, { image: '/data/upload/3/missing.png' }),
      simpleTask(3, { image: 's3://bucket/cat.jpg' }),
      simpleTask(4, { image: '/data/upload/3/notes.png' }),
      simpleTask(5, { image: '/data/upload/3/horse.png' }),
    ];
    const reply = await serve.post('/predict', predictBody(tasks, IMAGE_CONFIG));
    expect(reply.status).toBe(200);
    const results = reply.body.results!;
    expect(results).toHaveLength(5);
    for (const i of [0, 4]) expect(results[i]!.model_version).toBe(modelVersion);

    type Box = { type: string; from_name: string; value: { rectanglelabels: string[] } };
    const labelsOf = (i: number) =>
      (results[i]!.result as Box[]).map((b) => {
        expect(b).toMatchObject({ type: 'rectanglelabels', from_name: 'label', to_name: 'image' });
        return b.value.rectanglelabels[0];
      });
    expect(labelsOf(0)).toContain('person');
    expect(labelsOf(4)).toContain('horse');
    for (const i of [1, 2, 3]) expect(results[i]).toEqual([]);
    // The predictor's task score (lower = less certain), as the CLI and the app write it.
    for (const i of [0, 4]) {
      expect(results[i]!.score).toBeGreaterThan(0);
      expect(results[i]!.score).toBeLessThanOrEqual(1);
    }

    const log = serve.log.join('');
    expect(log).toMatch(/task 2: no prediction \(asked again next run\): .*404/);
    expect(log).toMatch(/task 3: no prediction \(asked again next run\): .*s3:\/\//);
    expect(log).toMatch(/task 4: no prediction \(asked again next run\): cannot decode/);
    const media = ls.state.requests.filter((r) => r.url.startsWith('/data/upload/'));
    expect(media.length).toBeGreaterThanOrEqual(4);
    for (const r of media) expect(r.authorization).toBe(`Token ${ls.state.legacyToken}`);
  });

  it('answers 400 naming the cause when the model fits no control of the config', async () => {
    const config =
      '<View><Image name="image" value="$image"/><TextArea name="note" toName="image"/></View>';
    const reply = await serve.post('/setup', setupBody(ls.url, ls.state.legacyToken, config));
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatch(/^the model cannot label this config: /);
  });

  it('loads the model once per config and reuses it', async () => {
    const again = await serve.post(
      '/predict',
      predictBody([simpleTask(6, { image: '/data/upload/3/horse.png' })], IMAGE_CONFIG),
    );
    expect((again.body.results![0]!.result as unknown[]).length).toBeGreaterThan(0);
    expect(serve.log.join('').match(/model loaded/g) ?? []).toHaveLength(1);
  });
});
