// The MobileNetV2 (int8) backbone cut to its pooled features, on the shared photos.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseHead, predictDense, predictWithHead, trainDense } from '../learn';
import { main } from './main';
import { exposeFeatures } from '../learn/backbone/expose-features';
import { openBackbone } from './backbone-features';
import { featuresInBatches } from './image-head-training';
import { BACKBONE_BATCH } from '../models/image-head/backbone';
import { fixturesPresent } from '../../test/require-fixtures';
import { textSink as sink } from '../../test/text-sink';

const shared = resolve(process.cwd(), '../shared');
const haveShared = fixturesPresent(
  'backbone tests',
  join(shared, 'models', 'mobilenetv2-12-int8.onnx'),
);
if (!haveShared) console.warn(`backbone-features: ${shared} absent, skipping the backbone tests`);
const photo = (name: string) => join(shared, 'fixtures', 'images', name);

describe.skipIf(!haveShared)('MobileNetV2 backbone features', () => {
  it('extracts a batch as one run: the same vectors as one by one, an unreadable image reported in place', async () => {
    const backbone = await openBackbone(join(shared, 'models', 'mobilenetv2-12-int8.onnx'));
    try {
      const missing = photo('no-such-photo.png');
      const batch = await backbone.prepareBatch([
        photo('coffee.png'),
        missing,
        photo('chelsea.png'),
      ]);
      expect(batch.tensor?.dims).toEqual([2, 3, 224, 224]);
      const out = await backbone.runBatch(batch);
      expect(out[1]).toBeInstanceOf(Error);
      expect(String(out[1])).toMatch(/no-such-photo|missing|exist/i);
      const singles = [
        await backbone.features(photo('coffee.png')),
        await backbone.features(photo('chelsea.png')),
      ];
      for (const [k, at] of [
        [0, 0],
        [1, 2],
      ] as const) {
        const got = out[at] as Float32Array;
        expect(got).toHaveLength(1280);
        for (let j = 0; j < got.length; j++) expect(got[j]).toBeCloseTo(singles[k]![j]!, 4);
      }
    } finally {
      await backbone.release();
    }
  });

  it('finds the quantized global average pool, dequantizes it and trains a head on it', async () => {
    const backbone = await openBackbone(join(shared, 'models', 'mobilenetv2-12-int8.onnx'));
    try {
      expect(backbone.ref).toEqual({
        sha256: '83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f',
        output: '464_quantized',
        name: 'mobilenetv2-12-int8.onnx',
      });
      expect(backbone.producer).toBe('QLinearGlobalAveragePool');
      expect(backbone.dequantized).toBe(true);
      const names = ['coffee.png', 'chelsea.png', 'horse.png', 'astronaut.png'];
      const features = [];
      for (const n of names) features.push(await backbone.features(photo(n)));
      for (const f of features) {
        expect(f).toHaveLength(1280);
        expect(f.every((v) => Number.isFinite(v) && v >= 0)).toBe(true); // pooled ReLU6
      }
      expect(await backbone.features(photo('coffee.png'))).toEqual(features[0]);
      expect(features[0]).not.toEqual(features[1]);
      const head = trainDense(features, ['drink', 'animal', 'animal', 'person'], {
        backbone: backbone.ref,
      });
      expect(head.features.backbone?.output).toBe('464_quantized');
      const p = predictDense(head, features[0] as Float32Array);
      expect(p.labels[p.probabilities.indexOf(Math.max(...p.probabilities))]).toBe('drink');
    } finally {
      await backbone.release();
    }
  });

  it('in batches, the next prepared while one runs: every item in order, failures in place, reused buffers clean', async () => {
    const backbone = await openBackbone(join(shared, 'models', 'mobilenetv2-12-int8.onnx'));
    try {
      const names = ['coffee.png', 'chelsea.png', 'horse.png', 'astronaut.png', 'rocket.jpg'];
      const singles = new Map<string, Float32Array>();
      for (const n of names) singles.set(n, await backbone.features(photo(n)));
      // Three batches and a bit: the buffers of the first runs are refilled by later batches.
      const items = Array.from({ length: 3 * BACKBONE_BATCH + 3 }, (_, i) =>
        i % 7 === 3 ? 'unloadable' : (names[i % names.length] as string),
      );
      const out = await featuresInBatches(backbone, items, async (item) => {
        if (item === 'unloadable') throw new Error(`${item}: no such task image`);
        return photo(item);
      });
      expect(out).toHaveLength(items.length);
      items.forEach((item, i) => {
        const got = out[i];
        if (item === 'unloadable') {
          expect(String(got)).toMatch(/unloadable: no such task image/);
          return;
        }
        const want = singles.get(item) as Float32Array;
        expect(got).toBeInstanceOf(Float32Array);
        for (let j = 0; j < want.length; j++)
          expect((got as Float32Array)[j]).toBeCloseTo(want[j]!, 4);
      });
      // A batch runs once: its buffer goes back for reuse.
      const batch = await backbone.prepareBatch([photo('coffee.png')]);
      await backbone.runBatch(batch);
      await expect(backbone.runBatch(batch)).rejects.toThrow(/run already/);
    } finally {
      await backbone.release();
    }
  });

  it('says when a model has no pooled feature output', () => {
    const text = readFileSync(join(shared, 'models', 'wl-news-topic-en.onnx'));
    expect(() => exposeFeatures(new Uint8Array(text), 'wl-news-topic-en.onnx')).toThrow(
      /^wl-news-topic-en\.onnx: no pooled feature output found/,
    );
    expect(() => exposeFeatures(new Uint8Array([1, 2, 3]), 'junk.onnx')).toThrow(/^junk\.onnx: /);
  });
});

describe.skipIf(!haveShared)('prelabel train --backbone', () => {
  it('trains an image head on the backbone features of annotated images', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'prelabel-train-img-'));
    writeFileSync(
      join(dir, 'config.xml'),
      '<View><Image name="image" value="$image"/><Choices name="kind" toName="image"><Choice value="Animal"/><Choice value="Thing"/></Choices></View>',
    );
    const annotated = [
      ['chelsea.png', 'Animal'],
      ['horse.png', 'Animal'],
      ['coffee.png', 'Thing'],
      ['rocket.jpg', 'Thing'],
      ['missing.png', 'Thing'],
    ].map(([file, label], i) => ({
      id: i + 1,
      data: { image: photo(file as string) },
      annotations: [
        {
          id: i + 1,
          result: [
            { from_name: 'kind', to_name: 'image', type: 'choices', value: { choices: [label] } },
          ],
        },
      ],
    }));
    writeFileSync(join(dir, 'tasks.json'), JSON.stringify(annotated));
    const out = sink();
    const err = sink();
    const args = ['train', '--config', join(dir, 'config.xml'), '--tasks', join(dir, 'tasks.json')];
    const model = join(shared, 'models', 'mobilenetv2-12-int8.onnx');
    const code = await main(
      [...args, '--backbone', model, '--out', join(dir, 'head.json')],
      out.stream,
      err.stream,
    );
    expect(err.text()).toMatch(/task 5: image ".*missing\.png" not found/);
    expect(code).toBe(0);
    expect(out.text()).toContain(
      'from the 464_quantized features of 4 annotated images of 5 tasks (QLinearGlobalAveragePool, dequantized, 1280 values)',
    );
    expect(out.text()).toMatch(/quality \(leave-one-out on the annotations\)/);
    const head = parseHead(JSON.parse(readFileSync(join(dir, 'head.json'), 'utf8')));
    expect(head.learner).toBe('dense-logreg');
    const backbone = await openBackbone(model);
    try {
      const p = predictWithHead(head, await backbone.features(photo('chelsea.png')));
      expect(p.probabilities[0]).toBeGreaterThan(0.5);
    } finally {
      await backbone.release();
    }
  });
});
