// Section 1 (c): the same photos through the CLI's pipeline on
// onnxruntime-node (in-process: the predictor the CLI uses, and `main()`
// end to end), and bare session.run on native ORT.
import { readFile } from 'node:fs/promises';
import { Writable } from 'node:stream';
import * as ort from 'onnxruntime-node';
import { findObject, parseLabelingConfig, readDataPath } from '../src/core/config';
import { resolveModelFiles } from '../src/cli/load-model';
import { loadCliTasks } from '../src/cli/load-tasks';
import { main } from '../src/cli/main';
import { parsePredictArgs } from '../src/cli/predict-args';
import { createImagePredictor as createDetectionPredictor } from '../src/cli/predictors/image';
import type { Predictor } from '../src/cli/predictors/types';
import { loadTaskImage } from '../src/cli/task-image';
import { loadModelFile } from '../src/models/node-runner';
import type { RgbaImage } from '../src/models/types';
import { cpuProbe, type CpuUsage } from './cpu';
import { median, spread, type Spread } from './stats';

export interface NodeDetectionResult {
  pipelineTasksPerSecond: number;
  pipelineRuns: { ms: number; tasksPerSecond: number; failed: number; cpu: CpuUsage }[];
  /** `prelabel predict` via main(): session start-up and the export file included. */
  cliMs: number;
  cliTasksPerSecond: number;
  cliExitCode: number;
  bareMs: Spread;
  bareTasksPerSecond: number;
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

export async function bareNodeRuns(
  modelPath: string,
  warmup: number,
  runs: number,
): Promise<number[]> {
  const { session, family, manifest } = await loadModelFile(modelPath);
  try {
    const { width, height } = manifest.preprocess;
    const blank: RgbaImage = { width, height, data: new Uint8Array(width * height * 4).fill(114) };
    const { feeds } = family.preprocess(blank, manifest, session.inputNames[0] ?? 'images');
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds))
      ortFeeds[name] = new ort.Tensor(t.type, t.data, t.dims);
    for (let i = 0; i < warmup; i++) await session.run(ortFeeds);
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await session.run(ortFeeds);
      ms.push(performance.now() - start);
    }
    return ms;
  } finally {
    await session.release();
  }
}

export async function nodeDetection(
  configPath: string,
  imagesDir: string,
  modelPath: string,
  labelsPath: string | undefined,
  opts: { warmup: number; bareRuns: number; outPath: string },
): Promise<NodeDetectionResult> {
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

  const pipelineRuns: NodeDetectionResult['pipelineRuns'] = [];
  const bare: number[] = [];
  try {
    // Warm-up on a few real images (the first runs allocate ORT's arenas).
    const few = { ...tasks, tasks: tasks.tasks.slice(0, Math.min(3, count)) };
    await predictAll(predictor, few, dataKey);
    for (let round = 0; round < 2; round++) {
      const probe = cpuProbe();
      const start = performance.now();
      const failed = await predictAll(predictor, tasks, dataKey);
      const ms = performance.now() - start;
      pipelineRuns.push({ ms, tasksPerSecond: (count * 1000) / ms, failed, cpu: probe.stop() });
      bare.push(...(await bareNodeRuns(modelPath, round === 0 ? opts.warmup : 2, opts.bareRuns)));
    }
  } finally {
    await predictor.release();
  }

  const cliStart = performance.now();
  const cliExitCode = await main(['predict', ...argv], sink(), sink());
  const cliMs = performance.now() - cliStart;

  const bareMs = spread(bare);
  return {
    pipelineTasksPerSecond: median(pipelineRuns.map((r) => r.tasksPerSecond)),
    pipelineRuns,
    cliMs,
    cliTasksPerSecond: (count * 1000) / cliMs,
    cliExitCode,
    bareMs,
    bareTasksPerSecond: 1000 / bareMs.median,
  };
}
