// `prelabel train --backbone` then `prelabel predict --model head.json
// --backbone`: the real MobileNetV2 (int8) backbone on flower photos.
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from './main';
import { openBackbone } from './backbone-features';
import { parseHead, predictDense, type DenseHead } from '../learn';
import { decodeImageRgba } from '../models/predictor/node-image';
import { modelModality, PredictorCache } from '../server/model-adapter';
import { fixturesPresent } from '../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../test/temp-dirs';
import { textSink as sink } from '../../test/text-sink';

const shared = resolve(process.cwd(), '../shared');
const backbone = join(shared, 'models', 'mobilenetv2-12-int8.onnx');
const other = join(shared, 'models', 'yolov8n-int8dyn-320.onnx');
const flowers = join(shared, 'datasets', 'flowers5');
const have = fixturesPresent('image head tests', backbone, other, flowers);
const makeTempDir = tempDirsRemovedAfterAll();

const LABELS = ['daisy', 'dandelion', 'roses', 'sunflowers', 'tulips'];
const CONFIG = `<View><Image name="image" value="$image"/><Choices name="flower" toName="image">${LABELS.map(
  (l) => `<Choice value="${l}"/>`,
).join('')}</Choices></View>`;

async function run(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(args, out.stream, err.stream);
  return { code, stdout: out.text(), stderr: err.text() };
}

interface Predicted {
  data: { image: string };
  predictions: { score: number; result: { value: { choices: string[] } }[] }[];
}

describe.skipIf(!have)('prelabel predict with an image head', () => {
  let dir = '';
  const photos: { image: string; label: string }[] = [];
  beforeAll(async () => {
    dir = makeTempDir('prelabel-image-head-');
    // The first 4 photos (name order) of each flower: 20 annotated tasks.
    const { readdirSync } = await import('node:fs');
    for (const label of LABELS) {
      for (const f of readdirSync(join(flowers, label)).sort().slice(0, 4)) {
        photos.push({ image: join(flowers, label, f), label });
      }
    }
    const annotated = photos.map((p, i) => ({
      id: i + 1,
      data: { image: p.image },
      annotations: [
        {
          id: i + 1,
          result: [
            {
              from_name: 'flower',
              to_name: 'image',
              type: 'choices',
              value: { choices: [p.label] },
            },
          ],
        },
      ],
    }));
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    writeFileSync(join(dir, 'annotated.json'), JSON.stringify(annotated));
    writeFileSync(
      join(dir, 'new.json'),
      JSON.stringify(photos.map((p, i) => ({ id: i + 1, data: { image: p.image } }))),
    );
    const r = await run([
      'train',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      join(dir, 'annotated.json'),
      '--backbone',
      backbone,
      '--out',
      join(dir, 'head.json'),
    ]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  const predictArgs = (model: string, out: string) => [
    'predict',
    '--config',
    join(dir, 'config.xml'),
    '--tasks',
    join(dir, 'new.json'),
    '--model',
    model,
    '--out',
    out,
  ];

  it('predicts the training photos mostly as annotated, with the chosen label’s probability as score', async () => {
    const out = join(dir, 'predicted.json');
    const r = await run([...predictArgs(join(dir, 'head.json'), out), '--backbone', backbone]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('(image-head) → "flower" (choices) on "image"');
    const tasks = JSON.parse(readFileSync(out, 'utf8')) as Predicted[];
    expect(tasks).toHaveLength(photos.length);
    let right = 0;
    tasks.forEach((t, i) => {
      const p = t.predictions[0]!;
      const chosen = p.result[0]!.value.choices;
      expect(chosen).toHaveLength(1);
      expect(LABELS).toContain(chosen[0]);
      expect(p.score).toBeGreaterThan(1 / LABELS.length);
      expect(p.score).toBeLessThanOrEqual(1);
      if (chosen[0] === photos[i]!.label) right++;
    });
    expect(right).toBeGreaterThanOrEqual(16);
  }, 120_000);

  it('finds the backbone the head names next to it', async () => {
    const beside = makeTempDir('prelabel-image-head-beside-');
    writeFileSync(join(beside, 'head.json'), readFileSync(join(dir, 'head.json')));
    symlinkSync(backbone, join(beside, 'mobilenetv2-12-int8.onnx'));
    const out = join(beside, 'predicted.json');
    const r = await run(predictArgs(join(beside, 'head.json'), out));
    expect(r.code, r.stderr).toBe(0);
    const tasks = JSON.parse(readFileSync(out, 'utf8')) as Predicted[];
    expect(tasks[0]?.predictions[0]?.result[0]?.value.choices).toHaveLength(1);
  }, 120_000);

  it('refuses another backbone, naming both files, and asks for --backbone when none is given', async () => {
    const wrong = await run([
      ...predictArgs(join(dir, 'head.json'), join(dir, 'x.json')),
      '--backbone',
      other,
    ]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(
      'head.json was trained on the backbone mobilenetv2-12-int8.onnx',
    );
    expect(wrong.stderr).toContain('yolov8n-int8dyn-320.onnx');
    const notHead = await run([
      ...predictArgs(backbone, join(dir, 'z.json')),
      '--backbone',
      backbone,
    ]);
    expect(notHead.code).toBe(2);
    expect(notHead.stderr).toContain('--backbone is for image heads');
    const none = await run(predictArgs(join(dir, 'head.json'), join(dir, 'y.json')));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(
      "head.json is an image head on a backbone's features: pass --backbone",
    );
  }, 120_000);

  it('serves the head: prelabel serve --model head.json --backbone answers with Choices on the image', async () => {
    const head = join(dir, 'head.json');
    expect(await modelModality(head)).toBe('image');
    const cache = new PredictorCache({ model: head, backbone });
    try {
      const predictor = await cache.get(CONFIG);
      expect(predictor.modality).toBe('image');
      expect(predictor.dataKey).toBe('image');
      const photo = photos[0]!;
      const answer = await predictor.predict(
        await decodeImageRgba(photo.image),
        { data: { image: photo.image } },
        0,
      );
      expect(answer.problems).toEqual([]);
      expect(answer.result).toHaveLength(1);
      expect(answer.result[0]).toMatchObject({
        from_name: 'flower',
        to_name: 'image',
        type: 'choices',
      });
      // The same features as training: the score is the head's own top probability.
      const features = await openBackbone(backbone);
      try {
        const trained = parseHead(JSON.parse(readFileSync(head, 'utf8'))) as DenseHead;
        const p = predictDense(
          trained,
          await features.features(await decodeImageRgba(photo.image)),
        );
        expect(answer.score).toBeCloseTo(Math.max(...p.probabilities), 6);
      } finally {
        await features.release();
      }
    } finally {
      await cache.releaseAll();
    }
  }, 120_000);
});
