// Bench-only timings (bench/browser-detection.ts): bare session.run and the
// per-stage costs of real tasks. Not part of EngineApi: only a bench build
// (`vite build --mode bench`, see worker.ts) exposes it from the worker.

import type { DecodeOptions } from '../../models/types';
import type { LsTask } from '../../core/tasks/types';
import { readDataPath } from '../../core/config';
import { MAX_DECODE_SIDE, decodeImage } from '../decode-image';
import type { LoadedModel } from '../model-loader';
import { decodeTargetOf } from '../prepare-image';
import { webRuntime } from '../web-runtime';
import type { RgbaImage } from '../../models/types';
import {
  benchmarkImageFeatures,
  type BenchPhoto,
  type ImageFeatureTimings,
} from './image-features';
import { retrainTimings, type RetrainTimings } from './learn-retrain';

export interface SessionBenchmark {
  runs: number;
  /** Bare `session.run` on a blank input of the model's size. */
  msPerRun: number[];
  /** Real tasks one by one (no overlap), per stage; postprocess = the family's decode (NMS). */
  stages: { fetchDecode: number[]; preprocess: number[]; run: number[]; postprocess: number[] };
}

/** What the bench reads of an idle engine (Engine.benchTarget). */
export interface BenchTarget {
  model: LoadedModel | null;
  tasks: LsTask[];
  /** The task data key images are read from. */
  dataKey: string | undefined;
  /** The last run's thresholds, if any. */
  options: DecodeOptions | undefined;
  /** A task's image, dropped or fetched, as a run gets it. */
  imageBlob(reference: string): Promise<Blob>;
  /** A blob decoded as Online learning decodes a task image (the prep worker). */
  decodeImage(blob: Blob): Promise<RgbaImage>;
}

/** The bench build's extra worker methods. */
export interface BenchEngineApi {
  /** `iterations` bare runs, then the stage costs of the first `profileTasks` tasks. */
  benchmarkSession(iterations: number, profileTasks?: number): Promise<SessionBenchmark>;
  /** The watch's retrain on these annotated texts, timed in the worker (learn-retrain.ts). */
  benchmarkRetrain(
    texts: { text: string; labels: string[] }[],
    labels: string[],
  ): Promise<RetrainTimings>;
  /** Online learning's image feature extraction vs bare session.run, in the worker (image-features.ts). */
  benchmarkImageFeatures(
    photos: BenchPhoto[],
    backboneBase64: string,
  ): Promise<ImageFeatureTimings>;
}

export function benchEngineApi(target: () => BenchTarget): BenchEngineApi {
  return {
    benchmarkSession: (iterations, profileTasks) =>
      benchmarkSession(target(), iterations, profileTasks),
    benchmarkRetrain: (texts, labels) => retrainTimings(texts, labels),
    // The runtime Online learning's image heads use (engine-learn.ts).
    benchmarkImageFeatures: (photos, backbone) =>
      benchmarkImageFeatures(photos, backbone, webRuntime('wasm'), target().decodeImage),
  };
}

async function benchmarkSession(
  target: BenchTarget,
  iterations: number,
  profileTasks = 0,
): Promise<SessionBenchmark> {
  const { model, tasks, dataKey } = target;
  if (!model || !('inputName' in model)) throw new Error('no image model loaded');
  const { family, manifest, inputName } = model;
  const session = model.sessions.model!;
  const { width, height } = manifest.preprocess;
  const blank = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(114) };
  const feeds = family.preprocess(blank, manifest, inputName).feeds;
  const msPerRun: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    await session.run(feeds);
    msPerRun.push(performance.now() - start);
  }
  const stages: SessionBenchmark['stages'] = {
    fetchDecode: [],
    preprocess: [],
    run: [],
    postprocess: [],
  };
  const options = target.options ?? manifest.defaults;
  for (let index = 0; dataKey && index < Math.min(profileTasks, tasks.length); index++) {
    const reference = readDataPath(tasks[index]?.data ?? {}, dataKey);
    if (typeof reference !== 'string') continue;
    let last = performance.now();
    const lap = (into: number[]) => {
      const now = performance.now();
      into.push(now - last);
      last = now;
    };
    const blob = await target.imageBlob(reference);
    // As a run decodes (prepare-image.ts): a large JPEG at the scale the input needs.
    const decoded = await decodeImage(blob, MAX_DECODE_SIDE, decodeTargetOf(manifest));
    lap(stages.fetchDecode);
    const input = family.preprocess(decoded.image, manifest, inputName);
    lap(stages.preprocess);
    const outputs = await session.run(input.feeds);
    lap(stages.run);
    family.decode(outputs, input.transform, manifest, options);
    lap(stages.postprocess);
  }
  return { runs: iterations, msPerRun, stages };
}
