// The image learner's feature extraction in the bench build's engine worker
// (Chromium, onnxruntime-web WASM): Online learning's own path
// (ImageHeads.featuresOf, the prep worker's decode) on 200 flowers5 photos
// against bare session.run of the same cut MobileNetV2 (src/engine/bench/image-features.ts).
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Browser } from '@playwright/test';
import type { BenchPhoto, ImageFeatureTimings } from '../src/engine/bench/image-features';
import { openApp } from './browser';
import { cpuProbe, othersShare } from './cpu';
import { datasetFiles } from './learn-images';
import { fmt, type Report } from './report';

/** Photos per class handed to the worker (5 classes: 200 photos). */
const PER_CLASS = 40;

export async function imageFeaturesInWorker(
  report: Report,
  app: () => Promise<{ browser: Browser; url: string }>,
  flowersDir: string,
  modelPath: string,
): Promise<void> {
  const { files } = datasetFiles(flowersDir, PER_CLASS);
  const photos: BenchPhoto[] = files.map((f) => ({
    name: `${basename(dirname(f))}/${basename(f)}`,
    base64: readFileSync(f).toString('base64'),
  }));
  const backbone = readFileSync(modelPath).toString('base64');
  console.log(`\n[learn] image features in the browser's engine worker: ${photos.length} photos…`);
  const { browser, url } = await app();
  const page = await openApp(browser, url);
  let t: ImageFeatureTimings;
  const probe = cpuProbe();
  try {
    await page.page.waitForFunction(
      () => (window as unknown as { __bench: { workers: unknown[] } }).__bench.workers.length > 0,
    );
    t = await page.engineCall<ImageFeatureTimings>('benchmarkImageFeatures', photos, backbone);
  } finally {
    await page.close();
  }
  const others = othersShare(probe.stop());
  report.raw.learnImagesBrowser = { ...t, othersShare: others };
  const rate = (images: number, ms: number) => (images * 1000) / ms;
  const pipeline = rate(t.images, t.pipelineMs);
  const one = rate(t.images, t.bareOneMs);
  const batch = rate(t.bareBatchImages, t.bareBatchMs);
  const perImage = (ms: number) => `${(ms / t.images).toFixed(1)}`;
  report.add({
    section: 'learn',
    metric: `image features in the engine worker (Chromium, ${t.backend}): Online learning's Train path (prep-worker decode, preprocess, batches of ${t.batch}; ${t.images} flowers5 photos) vs bare session.run of the same cut model (same runtime and options), one image per run / same batch (mean of a run before and one after the pipeline); other processes' CPU share`,
    value: `${pipeline.toFixed(1)} vs ${one.toFixed(1)} / ${batch.toFixed(1)} images/s (${fmt.ratio(pipeline / one)} / ${fmt.ratio(pipeline / batch)}; batch before/after ${t.bareBatchRunsMs.map((ms) => rate(t.bareBatchImages, ms).toFixed(1)).join('/')}); others ${Math.round(others * 100)} %`,
    target: '≥ 0.85 (same batch)',
    met: pipeline / batch >= 0.85,
  });
  report.add({
    section: 'learn',
    metric: `same photos in the worker stage by stage, batch by batch without overlap: decode (prep worker, 8 at once) / preprocess / session.run, ms per image (the pipeline: ms per image in all)`,
    value: `${perImage(t.stages.decodeMs)} / ${perImage(t.stages.preprocessMs)} / ${perImage(t.stages.runMs)} (${perImage(t.pipelineMs)})`,
    target: '',
  });
}
