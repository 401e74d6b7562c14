// Section 1 (c): the same photos through the CLI's pipeline on
// onnxruntime-node (in-process: the predictor the CLI uses, and `main()`
// end to end), and bare session.run on native ORT; kept open so that
// detection-rounds.ts can alternate them with the browser's runs.
import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { findObject, parseLabelingConfig, readDataPath } from '../src/core/config';
import { resolveModelFiles } from '../src/cli/load-model';
import { loadCliTasks } from '../src/cli/load-tasks';
import { main } from '../src/cli/main';
import { parsePredictArgs } from '../src/cli/predict-args';
import { createImagePredictor as createDetectionPredictor } from '../src/cli/predictors/image';
import type { Predictor } from '../src/cli/predictors/types';
import { loadTaskImage } from '../src/cli/task-image';
import { releaseModel } from '../src/models/predictor';
import { openModelFile } from '../src/models/predictor/node-runtime';
import type { RgbaImage } from '../src/models/types';
import { cpuProbe, type CpuUsage } from './cpu';

export interface NodePipelineRun {
  ms: number;
  tasksPerSecond: number;
  failed: number;
  cpu: CpuUsage;
}

/** The CLI's predictor and a bare session on one model, both open for rounds of runs. */
export interface NodeDetection {
  /** Every photo through the CLI's pipeline (sharp decode, preprocess, run, decode). */
  pipeline(): Promise<NodePipelineRun>;
  /** `runs` timed bare session.run calls (ms each). */
  bare(runs: number): Promise<number[]>;
  /** `prelabel predict` via main(): session start-up and the export file included. */
  cli(): Promise<{ ms: number; tasksPerSecond: number; exitCode: number }>;
  release(): Promise<void>;
}

const sink = () => new Writable({ write: (_c, _e, done) => done() });

/** The CLI's loop (predict.ts): decode the next image while the current one is in the model. */
async function predictAll(
  predictor: Predictor,
  tasks: Awaited<ReturnType<typeof loadCliTasks>>,
  dataKey: string | undefined,
): Promise<number> {
  let failed = 0;
  const imageOf = (i: number): Promise<RgbaImage | Error> =>
    loadTaskImage(dataKey ? readDataPath(tasks.tasks[i]!.data, dataKey) : undefined, tasks).catch(
      (e: unknown) => e as Error,
    );
  let next = tasks.tasks.length > 0 ? imageOf(0) : undefined;
  for (let i = 0; i < tasks.tasks.length; i++) {
    const image = await next;
    next = i + 1 < tasks.tasks.length ? imageOf(i + 1) : undefined;
    try {
      if (!image || image instanceof Error) throw image ?? new Error('no image');
      const built = await predictor.predict(image, tasks.tasks[i]!, i);
      if (built.issues.length > 0) throw new Error(built.issues[0]!.message);
    } catch {
      failed++;
    }
  }
  return failed;
}

/** A native session on a blank input of the model's size, warmed up once. */
async function openBareSession(modelPath: string, warmup: number) {
  const model = await openModelFile(modelPath);
  const { family, manifest, inputName } = model;
  const session = model.sessions.model!;
  const { width, height } = manifest.preprocess;
  const blank: RgbaImage = { width, height, data: new Uint8Array(width * height * 4).fill(114) };
  const { feeds } = family.preprocess(blank, manifest, inputName);
  for (let i = 0; i < warmup; i++) await session.run(feeds);
  return {
    async runs(count: number): Promise<number[]> {
      const ms: number[] = [];
      for (let i = 0; i < count; i++) {
        const start = performance.now();
        await session.run(feeds);
        ms.push(performance.now() - start);
      }
      return ms;
    },
    release: () => releaseModel(model),
  };
}

export async function bareNodeRuns(
  modelPath: string,
  warmup: number,
  runs: number,
): Promise<number[]> {
  const bare = await openBareSession(modelPath, warmup);
  try {
    return await bare.runs(runs);
  } finally {
    await bare.release();
  }
}

export async function openNodeDetection(
  configPath: string,
  imagesDir: string,
  modelPath: string,
  labelsPath: string | undefined,
  opts: { warmup: number; outPath: string },
): Promise<NodeDetection> {
  const argv = [
    '--config',
    configPath,
    '--tasks',
    imagesDir,
    '--model',
    modelPath,
    '--out',
    opts.outPath,
    ...(labelsPath ? ['--labels', labelsPath] : []),
  ];
  const args = parsePredictArgs(argv);
  const config = parseLabelingConfig(await readFile(configPath, 'utf8'));
  const predictor = await createDetectionPredictor(
    await resolveModelFiles(modelPath),
    config,
    args,
  );
  const tasks = await loadCliTasks(imagesDir, config);
  const dataKey = findObject(config, predictor.imageObject)?.dataKey;
  const count = tasks.tasks.length;
  // Warm-up on a few real images (the first runs allocate ORT's arenas).
  await predictAll(
    predictor,
    { ...tasks, tasks: tasks.tasks.slice(0, Math.min(3, count)) },
    dataKey,
  );
  const bare = await openBareSession(modelPath, opts.warmup);
  return {
    async pipeline() {
      const probe = cpuProbe();
      const start = performance.now();
      const failed = await predictAll(predictor, tasks, dataKey);
      const ms = performance.now() - start;
      return { ms, tasksPerSecond: (count * 1000) / ms, failed, cpu: probe.stop() };
    },
    bare: (runs) => bare.runs(runs),
    async cli() {
      const start = performance.now();
      const exitCode = await main(['predict', ...argv], sink(), sink());
      const ms = performance.now() - start;
      return { ms, tasksPerSecond: (count * 1000) / ms, exitCode };
    },
    async release() {
      await predictor.release();
      await bare.release();
    },
  };
}
