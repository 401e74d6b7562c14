// Bench-only (bench/learn-images-browser.ts): image feature extraction in the
// engine worker as Online learning's Train does it (ImageHeads.featuresOf:
// the prep worker's decode, BACKBONE_INPUT preprocessing, batches of
// BACKBONE_BATCH), against bare session.run of the same cut backbone on
// the same runtime (same session options), one prepared image per run and a
// prepared batch. Then the stages one after another, without overlap.
import { exposeFeatures } from '../../learn/backbone/expose-features';
import { backboneInput } from '../../models/image-head/backbone';
import type { OnnxRuntime } from '../../models/predictor';
import type { RgbaImage, TensorData } from '../../models/types';
import type { BackendInfo } from '../api';
import { ImageHeads } from '../learn/image-heads';
import { BACKBONE_BATCH } from '../../models/image-head/backbone';

export interface ImageFeatureTimings {
  images: number;
  batch: number;
  /** ImageHeads.featuresOf on every photo (decode, preprocess, run). */
  pipelineMs: number;
  /** `images` bare runs of one prepared image. */
  bareOneMs: number;
  /** ceil(images / batch) bare runs of one prepared batch: the mean of the two below. */
  bareBatchMs: number;
  /** The bare batch runs timed before and after the pipeline. */
  bareBatchRunsMs: [number, number];
  bareBatchImages: number;
  /** The same work stage by stage, batch by batch (no overlap): wall ms of each stage in all. */
  stages: { decodeMs: number; preprocessMs: number; runMs: number };
  /** The backend the sessions ran on and its WASM threads. */
  backend: string;
}

/** A photo as the page hands it over: its file name and bytes in base64. */
export interface BenchPhoto {
  name: string;
  base64: string;
}

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

export async function benchmarkImageFeatures(
  photos: readonly BenchPhoto[],
  backboneBase64: string,
  runtime: OnnxRuntime,
  decode: (blob: Blob) => Promise<RgbaImage>,
): Promise<ImageFeatureTimings> {
  const first = photos[0];
  if (!first) throw new Error('no photos to extract');
  const blobs = new Map(
    photos.map((p) => [p.name, new Blob([bytesOf(p.base64)], { type: 'image/jpeg' })]),
  );
  const blobOf = (reference: string): Blob => {
    const blob = blobs.get(reference) ?? blobs.get(reference.replace(/^warm-up:/, ''));
    if (!blob) throw new Error(`${reference}: no such photo`);
    return blob;
  };
  // As the engine's Online learning reads a task image (engine.ts: image).
  const imageOf = async (reference: string) => decode(blobOf(reference));
  const backbone = bytesOf(backboneBase64);
  const heads = new ImageHeads(() => runtime);
  await heads.setBackbone(backbone, 'backbone.onnx');
  // Bare: the same cut model on the same runtime (openBackboneFeatures' way).
  const session = await runtime.createSession(
    exposeFeatures(backbone, 'backbone.onnx').bytes,
    'backbone.onnx',
    async () => undefined,
  );
  const backends = (runtime as { backends?: readonly BackendInfo[] }).backends ?? [];
  const info = backends.at(-1);
  const backend = info ? `${info.backend}, ${info.threads} threads` : 'unknown';
  try {
    const input = session.inputNames[0] as string;
    const image = await imageOf(first.name);
    const one: Record<string, TensorData> = { [input]: backboneInput([image]) };
    const batch = BACKBONE_BATCH;
    const many: Record<string, TensorData> = {
      [input]: backboneInput(Array.from({ length: batch }, () => image)),
    };
    const batchRuns = Math.ceil(photos.length / batch);
    const bareBatch = async () => {
      const t = performance.now();
      for (let i = 0; i < batchRuns; i++) await session.run(many);
      return performance.now() - t;
    };
    await session.run(many);
    await heads.featuresOf([`warm-up:${first.name}`], imageOf);
    // Bare batch, pipeline, bare batch: the load of other processes drifts.
    const bareBatchBeforeMs = await bareBatch();
    let t = performance.now();
    const features = await heads.featuresOf(
      photos.map((p) => p.name),
      imageOf,
    );
    const pipelineMs = performance.now() - t;
    const failed = features.find((f) => f instanceof Error);
    if (failed) throw failed;
    const bareBatchAfterMs = await bareBatch();
    await session.run(one);
    t = performance.now();
    for (let i = 0; i < photos.length; i++) await session.run(one);
    const bareOneMs = performance.now() - t;

    const stages = { decodeMs: 0, preprocessMs: 0, runMs: 0 };
    for (let at = 0; at < photos.length; at += batch) {
      const chunk = photos.slice(at, at + batch);
      t = performance.now();
      const images = await Promise.all(chunk.map((p) => imageOf(p.name)));
      const decoded = performance.now();
      const feeds = { [input]: backboneInput(images) };
      const prepared = performance.now();
      await session.run(feeds);
      const ran = performance.now();
      stages.decodeMs += decoded - t;
      stages.preprocessMs += prepared - decoded;
      stages.runMs += ran - prepared;
    }
    return {
      images: photos.length,
      batch,
      pipelineMs,
      bareOneMs,
      bareBatchMs: (bareBatchBeforeMs + bareBatchAfterMs) / 2,
      bareBatchRunsMs: [bareBatchBeforeMs, bareBatchAfterMs],
      bareBatchImages: batchRuns * batch,
      stages,
      backend,
    };
  } finally {
    await session.release();
  }
}
