// What `prelabel train --backbone` and `prelabel serve --backbone` (its
// training worker) share: the backbone's pooled features of a list of images,
// in batches, one error per unreadable image; and the dense head with its
// quality estimate on them. One copy, so a head from the server is the head
// the CLI would learn from the same features.
import {
  estimateDenseQuality,
  trainDense,
  type DenseHead,
  type QualityEstimate,
  type TrainTextOptions,
} from '../learn';
import { BACKBONE_BATCH } from '../models/image-head/backbone';
import type { Backbone, ImageInput } from './backbone-features';

/**
 * The features of each item's image, in order; an item whose image cannot be
 * loaded or decoded gets its Error and the others go on. Batches are loaded,
 * decoded and preprocessed one after another on this thread while up to
 * `backbone.lanes` earlier batches run (each in a session thread of its own).
 */
export async function featuresInBatches<T>(
  backbone: Backbone,
  items: readonly T[],
  load: (item: T) => Promise<ImageInput>,
): Promise<(Float32Array | Error)[]> {
  const out: (Float32Array | Error)[] = new Array<Float32Array | Error>(items.length);
  const running = new Set<Promise<void>>();
  for (let at = 0; at < items.length; at += BACKBONE_BATCH) {
    const loaded = await Promise.allSettled(items.slice(at, at + BACKBONE_BATCH).map(load));
    const ready: { k: number; image: ImageInput }[] = [];
    loaded.forEach((l, j) => {
      if (l.status === 'fulfilled') ready.push({ k: at + j, image: l.value });
      else out[at + j] = asError(l.reason);
    });
    if (ready.length === 0) continue;
    const batch = await backbone.prepareBatch(ready.map((r) => r.image));
    while (running.size >= Math.max(1, backbone.lanes)) await Promise.race(running);
    const run = backbone.runBatch(batch).then((features) => {
      ready.forEach((r, j) => (out[r.k] = features[j] as Float32Array | Error));
    });
    const tracked = run.finally(() => running.delete(tracked));
    // Awaited by a race or at the end; a rejection meanwhile is not "unhandled".
    tracked.catch(() => undefined);
    running.add(tracked);
  }
  await Promise.all(running);
  return out;
}

const asError = (reason: unknown) => (reason instanceof Error ? reason : new Error(String(reason)));

export interface ImageHeadTarget {
  labels: string[];
  multiple: boolean;
}

/** The dense head on the features (logistic regression, or a hidden layer), with its quality. */
export function learnImageHead(
  features: Float32Array[],
  labels: string[][],
  target: ImageHeadTarget,
  backbone: Backbone['ref'],
  options: TrainTextOptions = {},
): { head: DenseHead; quality: QualityEstimate } {
  const all = { ...options, labels: target.labels, multiple: target.multiple };
  const head = trainDense(features, labels, { ...all, backbone });
  return { head, quality: estimateDenseQuality(features, labels, all) };
}
