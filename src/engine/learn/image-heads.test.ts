// Image heads in the worker's learn engine, in Node with the worker's runtime
// (onnxruntime-web, WASM) on the real MobileNetV2-int8 backbone and shared
// flower photos: a head trained in the worker predicts as `prelabel predict
// --model head.json --backbone` does (same choices, same model_version), a
// head from `prelabel train --backbone` imports and predicts the same in the
// worker, features are computed once per image, and a backbone without a
// pooled output is refused by name. "Use for a run": the engine loads a head
// on the backbone it holds (refusing none or another, naming both files) and
// its ordinary run (progress, export, Label next) gives the CLI's predictions.
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main';
import { parseLabelingConfig } from '../../core/config';
import type { LsPrediction } from '../../core/results/types';
import type { LsTask } from '../../core/tasks/types';
import { parseHead, type DenseHead } from '../../learn/head';
import { decodeImageRgba } from '../../models/predictor/node-image';
import { seededWeights, tinyOnnx } from '../../models/predictor/tiny-onnx';
import { nodeRuntime } from '../../models/predictor/node-runtime';
import { fixturesPresent } from '../../../test/require-fixtures';
import { tempDirsRemovedAfterAll } from '../../../test/temp-dirs';
import { textSink } from '../../../test/text-sink';
import { pickVisionTargets } from '../../core/mapping/vision-targets';
import type { LoadModelRequest, RunRequest } from '../api';
import { Engine } from '../engine';
import { requestModelVersion } from '../run-version';
import { EngineLearn } from './engine-learn';
import { countingRuntime } from '../../../test/counting-runtime';
import type { LearnPredictions } from './types';
import { MemoryVersionStore } from './version-store';

// The engine's run path in Node: the worker's runtime (onnxruntime-web, WASM)
// without the browser's backend probing, and the CLI's decoder for the
// browser's (the same pixels on both sides, so only the runtime differs).
vi.mock('../web-runtime', async (actual) => {
  const real = await actual<typeof import('../web-runtime')>();
  const { nodeRuntime } = await import('../../models/predictor/node-runtime');
  return {
    ...real,
    webRuntime: () => {
      const inner = nodeRuntime('wasm');
      const backends: { backend: 'wasm'; threads: number; simd: boolean }[] = [];
      return {
        backends,
        createSession: (...args: Parameters<typeof inner.createSession>) => {
          backends.push({ backend: 'wasm', threads: 1, simd: true });
          return inner.createSession(...args);
        },
      };
    },
  };
});
vi.mock('../decode-image', async (actual) => {
  const real = await actual<typeof import('../decode-image')>();
  const { decodeImageRgba } = await import('../../models/predictor/node-image');
  return {
    ...real,
    decodeImage: async (blob: Blob) => {
      const image = await decodeImageRgba(Buffer.from(await blob.arrayBuffer()));
      return { image, originalWidth: image.width, originalHeight: image.height };
    },
  };
});

const shared = resolve(process.cwd(), '../shared');
const BACKBONE = join(shared, 'models', 'mobilenetv2-12-int8.onnx');
const TEXT_MODEL = join(shared, 'models', 'wl-news-topic-en.onnx');
const FLOWERS = join(shared, 'datasets', 'flowers5');
const have = fixturesPresent('image heads in the worker', BACKBONE, TEXT_MODEL, FLOWERS);
const makeTempDir = tempDirsRemovedAfterAll();

const LABELS = ['daisy', 'roses', 'sunflowers'];
const CONFIG = `<View><Image name="image" value="$image"/><Choices name="flower" toName="image">${LABELS.map(
  (l) => `<Choice value="${l}"/>`,
).join('')}</Choices></View>`;

/** 3 photos per flower, annotated (made-up annotator), and one more daisy left unlabelled. */
function flowerTasks(): LsTask[] {
  const tasks: LsTask[] = [];
  for (const label of LABELS) {
    const photos = readdirSync(join(FLOWERS, label)).sort();
    for (const f of photos.slice(0, 3)) {
      const id = tasks.length + 1;
      tasks.push({
        id,
        data: { image: join(FLOWERS, label, f) },
        annotations: [
          {
            id,
            result: [
              {
                from_name: 'flower',
                to_name: 'image',
                type: 'choices',
                value: { choices: [label] },
              },
            ],
          },
        ],
      } as LsTask);
    }
  }
  const extra = readdirSync(join(FLOWERS, 'daisy')).sort()[3] as string;
  tasks.push({ id: tasks.length + 1, data: { image: join(FLOWERS, 'daisy', extra) } });
  return tasks;
}

async function cli(args: string[]) {
  const out = textSink();
  const err = textSink();
  const code = await main(args, out.stream, err.stream);
  if (code !== 0) throw new Error(`prelabel ${args[0]} exited ${code}: ${err.text()}`);
  return out.text();
}

const backboneFile = (path: string) =>
  new File([new Uint8Array(readFileSync(path))], path.split('/').at(-1) as string);

describe.skipIf(!have)('image heads in the worker (onnxruntime-web WASM, MobileNetV2-int8)', () => {
  const config = parseLabelingConfig(CONFIG);
  const tasks = flowerTasks();
  const decoded: string[] = [];
  let dir = '';
  /** The engine's side of the learner: these tasks, no Label Studio, the CLI's decoder. */
  const host = (onDecode: (reference: string) => void = () => {}) => ({
    config: () => config,
    tasks: () => tasks,
    session: (): never => {
      throw new Error('no Label Studio here');
    },
    scope: () => 'local',
    release: () => undefined,
    // The same pixels on both sides, so only the runtime differs.
    image: (reference: string) => {
      onDecode(reference);
      return decodeImageRgba(reference);
    },
  });
  const learn = new EngineLearn(
    host((reference) => decoded.push(reference)),
    {
      openStore: async () => new MemoryVersionStore(),
      // Counts the backbone's (and heads') session runs.
      runtime: countingRuntime(() => runs++),
    },
  );
  let runs = 0;

  beforeAll(() => {
    dir = makeTempDir('prelabel-worker-image-head-');
    writeFileSync(join(dir, 'config.xml'), CONFIG);
    writeFileSync(join(dir, 'tasks.json'), JSON.stringify(tasks));
  });

  /** `prelabel predict --model head --backbone` on the same tasks: model_version and each task's first prediction. */
  async function cliPredict(head: string, out: string) {
    await cli([
      'predict',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      join(dir, 'tasks.json'),
      '--model',
      head,
      '--backbone',
      BACKBONE,
      '--out',
      out,
    ]);
    const written = JSON.parse(readFileSync(out, 'utf8')) as { predictions: LsPrediction[] }[];
    return written.map((t) => t.predictions[0] as LsPrediction);
  }

  function expectSame(worker: LearnPredictions, cliPredictions: LsPrediction[]) {
    expect(worker.results).toHaveLength(tasks.length);
    worker.results.forEach((r, i) => {
      if (!('prediction' in r)) throw new Error(r.error);
      const theirs = cliPredictions[i] as LsPrediction;
      expect(r.prediction.model_version).toBe(theirs.model_version);
      expect(r.prediction.result.map((x) => x.value)).toEqual(theirs.result.map((x) => x.value));
      expect(r.prediction.score).toBeCloseTo(theirs.score as number, 4);
    });
    expect(worker.modelVersion).toBe(cliPredictions[0]?.model_version);
  }

  it('says what is missing: no backbone yet, a backbone without a pooled output', async () => {
    await expect(learn.learnTrain()).rejects.toThrow(/an image head learns on a backbone: drop/);
    await expect(learn.learnSetBackbone(backboneFile(TEXT_MODEL))).rejects.toThrow(
      /^wl-news-topic-en\.onnx: no pooled feature output found/,
    );
    expect(await learn.learnBackbone()).toBeNull();
  });

  it('trains in the worker a head that predicts as prelabel predict --backbone does', async () => {
    const info = await learn.learnSetBackbone(backboneFile(BACKBONE));
    expect(info).toMatchObject({
      name: 'mobilenetv2-12-int8.onnx',
      sha256: '83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f',
      output: '464_quantized',
      producer: 'QLinearGlobalAveragePool',
      dequantized: true,
    });
    const trained = await learn.learnTrain();
    expect(trained.version).toMatchObject({
      id: 1,
      modelVersion: 'dense-logreg@9-annotations',
      annotationCount: 9,
      control: 'flower',
      labels: LABELS,
      origin: 'trained',
    });
    expect(trained.version.quality).toMatchObject({ method: 'leave-one-out', examples: 9 });
    expect(trained.notes).toMatchObject({ tasks: 10, examples: 9, unannotatedTasks: 1 });
    expect(decoded).toHaveLength(9);

    // The exported file is the head `prelabel train --backbone` writes, with the backbone's hash.
    const file = await learn.learnExportHead();
    const text = await file.blob.text();
    const head = parseHead(JSON.parse(text)) as DenseHead;
    expect(text).toBe(`${JSON.stringify(head)}\n`);
    expect(head.learner).toBe('dense-logreg');
    expect(head.features.backbone).toEqual({
      sha256: info.sha256,
      output: '464_quantized',
      name: 'mobilenetv2-12-int8.onnx',
    });
    const headPath = join(dir, file.fileName);
    writeFileSync(headPath, text);

    const worker = await learn.learnPredict();
    expectSame(worker, await cliPredict(headPath, join(dir, 'predicted-worker-head.json')));
    // The training photos come back as annotated.
    worker.results.slice(0, 9).forEach((r, i) => {
      const choices = 'prediction' in r ? r.prediction.result[0]?.value : undefined;
      expect(choices).toEqual({ choices: [LABELS[Math.floor(i / 3)]] });
    });

    // A retrain reads no image again: the features are cached per backbone and image.
    decoded.length = 0;
    const again = await learn.learnTrain();
    expect(again.version.id).toBe(2);
    expect(decoded).toEqual([]);

    // A watch's next push predicts the same images without running the backbone
    // on them again, and gets what a fresh prediction gets.
    runs = 0;
    const next = await learn.learnPredict();
    expect(runs).toBe(0);
    expect(next.results).toHaveLength(tasks.length);
    const fresh = new EngineLearn(host(), {
      openStore: async () => new MemoryVersionStore(),
      runtime: () => nodeRuntime('wasm'),
    });
    await fresh.learnSetBackbone(backboneFile(BACKBONE));
    const exported = await learn.learnExportHead();
    await fresh.learnImportHead(
      new File([await exported.blob.text()], exported.fileName, { type: 'application/json' }),
    );
    expect((await fresh.learnPredict()).results).toEqual(next.results);
  }, 180_000);

  it('imports a head from prelabel train --backbone and predicts with it as the CLI does', async () => {
    const headPath = join(dir, 'cli-head.json');
    await cli([
      'train',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      join(dir, 'tasks.json'),
      '--backbone',
      BACKBONE,
      '--out',
      headPath,
    ]);
    const state = await learn.learnImportHead(new File([readFileSync(headPath)], 'cli-head.json'));
    const imported = state.versions.at(-1);
    expect(imported).toMatchObject({
      origin: 'imported',
      control: 'flower',
      fileName: 'cli-head.json',
    });
    expect(state.currentId).toBe(imported?.id);
    const worker = await learn.learnPredict();
    expectSame(worker, await cliPredict(headPath, join(dir, 'predicted-cli-head.json')));
  }, 180_000);
});

/** A head file as the Model panel and "Use for a run" hand it to the engine. */
const headRequest = (file: File): LoadModelRequest => ({
  source: { kind: 'package', name: file.name, files: [{ file, path: file.name }] },
  backend: 'wasm',
});

describe.skipIf(!have)(
  'an image head run by the engine ("Use for a run", MobileNetV2-int8)',
  () => {
    const config = parseLabelingConfig(CONFIG);
    const tasks = flowerTasks();
    let dir = '';
    let engine: Engine;
    let headFile: File;

    beforeAll(async () => {
      dir = makeTempDir('prelabel-engine-image-head-');
      writeFileSync(join(dir, 'config.xml'), CONFIG);
      writeFileSync(join(dir, 'tasks.json'), JSON.stringify(tasks));
      // Images are decoded in this thread, as the worker does when its prep worker cannot load.
      vi.stubGlobal('Worker', undefined);
      engine = new Engine();
      expect((await engine.setConfig(CONFIG)).ok).toBe(true);
      // The photos dropped beside the export, found by the paths the tasks name.
      const photos = tasks.map((t) => t.data.image as string);
      await engine.setTaskSources({
        taskFiles: [{ file: new File([JSON.stringify(tasks)], 'tasks.json'), path: 'tasks.json' }],
        mediaFiles: photos.map((path) => ({
          file: new File([new Uint8Array(readFileSync(path))], basename(path)),
          path,
        })),
      });
    });

    afterAll(() => vi.unstubAllGlobals());

    it('refuses the head without a backbone, and on another backbone, naming the head and its backbone', async () => {
      await engine.learnSetBackbone(backboneFile(BACKBONE));
      await engine.learnTrain();
      const exported = await engine.learnExportHead();
      headFile = new File([exported.blob], exported.fileName);
      // The same head as if trained on another file, never dropped here.
      const head = JSON.parse(await headFile.text()) as DenseHead;
      head.features.backbone = { sha256: 'f'.repeat(64), output: 'pool', name: 'resnet18.onnx' };
      const other = new File([JSON.stringify(head)], 'other-head.json');
      // A new engine (a reload) holds no backbone and has none of that SHA-256 kept.
      const bare = new Engine();
      await expect(bare.loadModel(headRequest(other))).rejects.toThrow(
        `other-head.json is an image head on the features of resnet18.onnx: drop resnet18.onnx as the backbone in Online learning, then load the head again`,
      );
      // The real head's backbone was kept (IndexedDB): the new engine holds it again.
      expect((await bare.loadModel(headRequest(headFile))).backbone?.name).toBe(
        'mobilenetv2-12-int8.onnx',
      );
      // The engine's backbone is not the other head's.
      await expect(engine.loadModel(headRequest(other))).rejects.toThrow(
        `other-head.json was trained on the backbone resnet18.onnx (SHA-256 ${'f'.repeat(64)}), but Online learning holds mobilenetv2-12-int8.onnx (SHA-256 83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f): drop resnet18.onnx as the backbone in Online learning, then load the head again`,
      );
    }, 180_000);

    it('runs the head as prelabel predict --model head.json --backbone: predictions, model_version, export, Label next', async () => {
      const info = await engine.loadModel(headRequest(headFile));
      expect(info).toMatchObject({
        kind: 'class',
        familyId: 'image-head',
        classNames: LABELS,
        backbone: {
          name: 'mobilenetv2-12-int8.onnx',
          sha256: '83530ad811bc31d2b60a5599a21265a5057608c9b044b4ee758cc22f2309f54f',
        },
      });
      // The page's request: its targets for a class model, the model's default threshold.
      const request: RunRequest = {
        targets: pickVisionTargets(config, 'class', { classNames: info.classNames }),
        options: info.defaults,
      };
      const progress: number[] = [];
      const summary = await engine.run(request, (p) => progress.push(p.done));
      expect(summary).toMatchObject({ state: 'done', done: tasks.length, failures: [] });
      expect(progress.at(-1)).toBe(tasks.length);

      const headPath = join(dir, headFile.name);
      writeFileSync(headPath, await headFile.text());
      const out = join(dir, 'predicted-by-cli.json');
      await cli([
        'predict',
        '--config',
        join(dir, 'config.xml'),
        '--tasks',
        join(dir, 'tasks.json'),
        '--model',
        headPath,
        '--backbone',
        BACKBONE,
        '--out',
        out,
      ]);
      const theirs = (
        JSON.parse(readFileSync(out, 'utf8')) as { predictions: LsPrediction[] }[]
      ).map((t) => t.predictions[0] as LsPrediction);
      const exported = await engine.exportFile('tasks-with-predictions');
      expect(exported.written).toBe(tasks.length);
      const ours = (
        JSON.parse(await exported.blob.text()) as { predictions: LsPrediction[] }[]
      ).map((t) => t.predictions[0] as LsPrediction);
      expect(summary.modelVersion).toBe(theirs[0]?.model_version);
      // The page shows the same model_version before the run.
      expect(await requestModelVersion(info, request)).toBe(summary.modelVersion);
      ours.forEach((p, i) => {
        const cliPrediction = theirs[i] as LsPrediction;
        expect(p.model_version).toBe(cliPrediction.model_version);
        expect(p.result.map((r) => r.value)).toEqual(cliPrediction.result.map((r) => r.value));
        expect(p.score).toBeCloseTo(cliPrediction.score as number, 4);
      });
      // The training photos come back as annotated.
      ours.slice(0, 9).forEach((p, i) => {
        expect(p.result[0]?.value).toEqual({ choices: [LABELS[Math.floor(i / 3)]] });
      });

      // Label next ranks by the head's class distribution, as for any classifier.
      const next = await engine.labelNext({ strategy: 'margin', k: 3 });
      expect(next).toMatchObject({ predicted: tasks.length, byScoreOnly: 0 });
      expect(next.tasks).toHaveLength(3);
      expect(next.tasks.every((t) => t.certainty !== null)).toBe(true);
    }, 180_000);

    it('the backbone dropped again is the same one: the head runs again; new settings need a run', async () => {
      await engine.learnSetBackbone(backboneFile(BACKBONE));
      const request: RunRequest = {
        targets: pickVisionTargets(config, 'class', { classNames: LABELS }),
        options: { confidence: 0.5, iou: 0, maxDetections: 0 },
      };
      const predictions = async () =>
        (
          JSON.parse(await (await engine.exportFile('tasks-with-predictions')).blob.text()) as {
            predictions: LsPrediction[];
          }[]
        ).map((t) => t.predictions.map((p) => [p.model_version, p.result.map((r) => r.value)]));
      const first = await predictions();
      await expect(engine.rethreshold(request)).resolves.toMatchObject({
        supported: false,
        reason: 'image heads: run again to apply the new settings',
      });
      const again = await engine.run(request, () => undefined);
      expect(again).toMatchObject({ state: 'done', done: tasks.length, failures: [] });
      expect(await predictions()).toEqual(first);
    }, 180_000);

    it('another backbone dropped after the head was loaded: the next run is refused, naming both', async () => {
      // A tiny classifier (seeded random weights) whose pooled output is a backbone too.
      const tiny = tinyOnnx({
        input: { name: 'images', dims: [1, 3, 224, 224] },
        outputs: ['output0'],
        nodes: [
          {
            op: 'Conv',
            inputs: ['images', 'w', 'b'],
            outputs: ['conv'],
            attributes: { strides: [8, 8], kernel_shape: [8, 8] },
          },
          { op: 'GlobalAveragePool', inputs: ['conv'], outputs: ['pooled'] },
          { op: 'Flatten', inputs: ['pooled'], outputs: ['logits'] },
          { op: 'Softmax', inputs: ['logits'], outputs: ['output0'], attributes: { axis: 1 } },
        ],
        initializers: [
          { name: 'w', dims: [4, 3, 8, 8], data: seededWeights(4 * 3 * 64, 5) },
          { name: 'b', dims: [4], data: seededWeights(4, 6) },
        ],
      });
      await engine.learnSetBackbone(new File([new Uint8Array(tiny)], 'tiny-backbone.onnx'));
      const request: RunRequest = {
        targets: pickVisionTargets(config, 'class', { classNames: LABELS }),
        options: { confidence: 0.5, iou: 0, maxDetections: 0 },
      };
      await expect(engine.run(request, () => undefined)).rejects.toThrow(
        `${headFile.name} runs on the backbone mobilenetv2-12-int8.onnx, but Online learning holds tiny-backbone.onnx now: drop mobilenetv2-12-int8.onnx there again`,
      );
    }, 180_000);
  },
);
