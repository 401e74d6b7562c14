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
 * loaded or decoded gets its Error and the others go on. The next batch is
 * loaded, decoded and preprocessed while the current one runs (in the
 * backbone's own session thread), one batch ahead at most.
 */
export async function featuresInBatches<T>(
  backbone: Backbone,
  items: readonly T[],
  load: (item: T) => Promise<ImageInput>,
): Promise<(Float32Array | Error)[]> {
  const prepare = async (at: number) => {
    const loaded = await Promise.allSettled(items.slice(at, at + BACKBONE_BATCH).map(load));
    const slots: (Float32Array | Error)[] = loaded.map((l) =>
      l.status === 'fulfilled' ? new Float32Array(0) : asError(l.reason),
    );
    const ready = loaded.flatMap((l, k) =>
      l.status === 'fulfilled' ? [{ k, image: l.value }] : [],
    );
    const batch = ready.length > 0 ? await backbone.prepareBatch(ready.map((r) => r.image)) : null;
    return { slots, ready, batch };
  };
  const out: (Float32Array | Error)[] = [];
  let next = items.length > 0 ? prepare(0) : null;
  for (let at = 0; next; at += BACKBONE_BATCH) {
    const { slots, ready, batch } = await next;
    next = at + BACKBONE_BATCH < items.length ? prepare(at + BACKBONE_BATCH) : null;
    // Awaited on the next turn; a rejection meanwhile is not "unhandled".
    next?.catch(() => undefined);
    if (batch) {
      const features = await backbone.runBatch(batch);
      ready.forEach((r, j) => (slots[r.k] = features[j] as Float32Array | Error));
    }
    out.push(...slots);
  }
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
