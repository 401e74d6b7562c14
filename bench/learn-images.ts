// The image learner: a head on MobileNetV2 (int8) pooled features, trained on
// growing label counts of the shared flowers5 photos (5 classes), and feature
// extraction throughput against bare session.run on the same cut model.
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import {
  BACKBONE_SESSION_OPTIONS,
  imagenetTensor,
  openBackbone,
} from '../src/cli/backbone-features';
import { featuresInBatches } from '../src/cli/image-head-training';
import { openSessionPool } from '../src/cli/ort-session-thread';
import { BACKBONE_BATCH } from '../src/models/image-head/backbone';
import { exposeFeatures, FEATURE_OUTPUT } from '../src/learn/backbone/expose-features';
import { predictDense, trainDense } from '../src/learn';
import { createRng, shuffled } from '../src/core/random/rng';

export const IMAGE_SIZES = [25, 50, 100, 200, 400];

export interface ImageBench {
  images: number;
  classes: string[];
  extraction: {
    batch: number;
    imagesPerSecond: number;
    /** Bare session.run of one prepared image (the backbone's session options). */
    bareRunsPerSecond: number;
    ratio: number;
    /**
     * Bare session.run of prepared batches of the same size on as many
     * sessions side by side as the pipeline (`lanes`), in images per second.
     */
    bareBatchImagesPerSecond: number;
    lanes: number;
    batchRatio: number;
    /** Process CPU time (all threads) per image: extraction, bare batch. */
    cpuMsPerImage: number;
    bareBatchCpuMsPerImage: number;
    /** The bare batch on one session with an intra-op thread per core. */
    allCoresBatchImagesPerSecond: number;
    /** The bare batch on one session with ORT's default options, in images per second. */
    defaultOptionsBatchImagesPerSecond: number;
  };
  rows: { size: number; accuracy: number; fitMs: number }[];
  seeds: number;
  testSize: number;
}

/** Features of every image by the CLI's and server's own loop (featuresInBatches). */
export async function extractAll(
  backbone: Awaited<ReturnType<typeof openBackbone>>,
  files: string[],
): Promise<{ features: Float32Array[]; ms: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const features = (await featuresInBatches(backbone, files, async (f) => f)).map((f) => {
    if (f instanceof Error) throw f;
    return f;
  });
  return { features, ms: performance.now() - started, cpuMs: cpuMsSince(cpu) };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** `perClass` photos of each class folder (a seeded pick), with their labels. */
export function datasetFiles(
  datasetDir: string,
  perClass: number,
): { classes: string[]; files: string[]; labels: string[] } {
  const classes = readdirSync(datasetDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const files: string[] = [];
  const labels: string[] = [];
  const rng = createRng(1);
  for (const c of classes) {
    const all = readdirSync(join(datasetDir, c))
      .filter((f) => /\.(jpe?g|png)$/i.test(f))
      .sort();
    for (const f of shuffled(all, rng).slice(0, perClass)) {
      files.push(join(datasetDir, c, f));
      labels.push(c);
    }
  }
  return { classes, files, labels };
}

export async function imageBench(
  datasetDir: string,
  modelPath: string,
  perClass: number,
  seeds: number,
  log: (line: string) => void,
): Promise<ImageBench> {
  const { classes, files, labels } = datasetFiles(datasetDir, perClass);
  log(
    `[learn] flowers5: ${files.length} photos (${perClass} per class), MobileNetV2 int8 features…`,
  );
  const backbone = await openBackbone(modelPath);
  let extraction: ImageBench['extraction'];
  let features: Float32Array[];
  try {
    await backbone.features(files[0] as string); // warm-up
    const done = await extractAll(backbone, files);
    features = done.features;
    // Bare session.run on the same cut model with the same session options:
    // one prepared image, as many runs; then prepared batches on as many
    // sessions side by side as the pipeline has (its own layout, the ratio's
    // reference); then one session with an intra-op thread per core, and one
    // with ORT's default options, as a user's own code might open it.
    const cut = exposeFeatures(new Uint8Array(readFileSync(modelPath)), 'backbone');
    const session = await ort.InferenceSession.create(cut.bytes, BACKBONE_SESSION_OPTIONS);
    const tensor = await imagenetTensor(files[0] as string);
    const input = session.inputNames[0] as string;
    await session.run({ [input]: tensor }, [FEATURE_OUTPUT]);
    const runs = Math.min(files.length, 100);
    const t = performance.now();
    for (let i = 0; i < runs; i++) await session.run({ [input]: tensor }, [FEATURE_OUTPUT]);
    const bareMs = performance.now() - t;
    await session.release();
    const batchData = () =>
      new Float32Array(BACKBONE_BATCH * tensor.size).map(
        (_, j) => (tensor.data as Float32Array)[j % tensor.size] as number,
      );
    const dims = [BACKBONE_BATCH, ...tensor.dims.slice(1)];
    const batchRuns = Math.ceil(files.length / BACKBONE_BATCH);
    const pool = await openSessionPool(cut.bytes, BACKBONE_SESSION_OPTIONS, backbone.lanes);
    let bareBatchMs: number;
    let bareBatchCpuMs: number;
    try {
      const buffers: Float32Array[] = Array.from({ length: pool.size }, batchData);
      const lane = async (k: number, count: number) => {
        for (let i = 0; i < count; i++) {
          buffers[k] = (
            await pool.run(input, buffers[k] as Float32Array, dims, FEATURE_OUTPUT)
          ).input;
        }
      };
      await Promise.all(buffers.map((_, k) => lane(k, 1)));
      const tb = performance.now();
      const batchCpu = process.cpuUsage();
      await Promise.all(buffers.map((_, k) => lane(k, Math.ceil((batchRuns - k) / pool.size))));
      bareBatchMs = performance.now() - tb;
      bareBatchCpuMs = cpuMsSince(batchCpu);
    } finally {
      await pool.release();
    }
    const batch = new ort.Tensor('float32', batchData(), dims);
    const sessionRate = async (options: ort.InferenceSession.SessionOptions) => {
      const plain = await ort.InferenceSession.create(cut.bytes, options);
      await plain.run({ [input]: batch }, [FEATURE_OUTPUT]);
      const tp = performance.now();
      for (let i = 0; i < batchRuns; i++) await plain.run({ [input]: batch }, [FEATURE_OUTPUT]);
      const ms = performance.now() - tp;
      await plain.release();
      return (batchRuns * BACKBONE_BATCH * 1000) / ms;
    };
    const allCoresBatchImagesPerSecond = await sessionRate({
      ...BACKBONE_SESSION_OPTIONS,
      intraOpNumThreads: availableParallelism(),
    });
    const defaultOptionsBatchImagesPerSecond = await sessionRate({});
    const imagesPerSecond = (files.length * 1000) / done.ms;
    const bareRunsPerSecond = (runs * 1000) / bareMs;
    const bareBatchImagesPerSecond = (batchRuns * BACKBONE_BATCH * 1000) / bareBatchMs;
    extraction = {
      batch: BACKBONE_BATCH,
      imagesPerSecond,
      bareRunsPerSecond,
      ratio: imagesPerSecond / bareRunsPerSecond,
      bareBatchImagesPerSecond,
      batchRatio: imagesPerSecond / bareBatchImagesPerSecond,
      cpuMsPerImage: done.cpuMs / files.length,
      bareBatchCpuMsPerImage: bareBatchCpuMs / (batchRuns * BACKBONE_BATCH),
      lanes: backbone.lanes,
      allCoresBatchImagesPerSecond,
      defaultOptionsBatchImagesPerSecond,
    };
  } finally {
    await backbone.release();
  }

  const testSize = 25 * classes.length;
  const sizes = IMAGE_SIZES.filter((s) => s <= files.length - testSize);
  const acc = new Map<number, number[]>();
  const fit = new Map<number, number[]>();
  for (let seed = 1; seed <= seeds; seed++) {
    const order = shuffled(
      files.map((_, i) => i),
      createRng(seed),
    );
    const test = order.slice(0, testSize);
    const pool = order.slice(testSize);
    for (const size of sizes) {
      const train = pool.slice(0, size);
      const t = performance.now();
      const head = trainDense(
        train.map((i) => features[i] as Float32Array),
        train.map((i) => labels[i] as string),
        { labels: classes },
      );
      fit.set(size, [...(fit.get(size) ?? []), performance.now() - t]);
      let correct = 0;
      for (const i of test) {
        const p = predictDense(head, features[i] as Float32Array).probabilities;
        if (classes[p.indexOf(Math.max(...p))] === labels[i]) correct++;
      }
      acc.set(size, [...(acc.get(size) ?? []), correct / test.length]);
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    images: files.length,
    classes,
    extraction,
    seeds,
    testSize,
    rows: sizes.map((size) => ({
      size,
      accuracy: mean(acc.get(size) as number[]),
      fitMs: mean(fit.get(size) as number[]),
    })),
  };
}
