// The trainer module the worker runs for image projects (a <Choices> on an
// <Image>, `prelabel serve --backbone`): each annotated task's image fetched
// as /predict fetches media (media.ts), the backbone's pooled features (those
// in `input.cached` are not fetched again), and the dense head `prelabel train
// --backbone` learns (the same code). A task whose image cannot be fetched or
// decoded is named in `problems`; the others go on.
import { openBackbone } from '../../cli/backbone-features';
import { featuresInBatches, learnImageHead } from '../../cli/image-head-training';
import { parseLabelingConfig } from '../../core/config';
import type { BackboneRef } from '../../learn';
import { MediaLoader } from '../media';
import { imageTargetOf } from '../image-learner';
import { featureKey, type TrainExample, type TrainInput, type TrainOutput } from './trainer-types';

const named = (e: TrainExample) => (e.task ? `task ${e.task}` : 'a task');

export async function train(input: TrainInput): Promise<TrainOutput> {
  const target = imageTargetOf(parseLabelingConfig(input.labelConfig));
  if (!target)
    throw new Error('the labeling config has no <Choices> on an <Image>: nothing to learn');
  const backbonePath = input.options?.backbone;
  const ref = input.options?.backboneRef as BackboneRef | undefined;
  if (typeof backbonePath !== 'string' || !ref) {
    throw new Error('no backbone given to the image trainer');
  }
  const keyOf = (e: TrainExample) => featureKey(e.task ?? '', e.text);
  const known = input.cached ?? {};
  const missing = input.examples.filter((e) => !known[keyOf(e)]);
  const fresh: Record<string, Float32Array> = {};
  const problems: string[] = [];
  // With every feature cached, no session and no image at all.
  const backbone = missing.length > 0 ? await openBackbone(backbonePath) : undefined;
  if (backbone && backbone.ref.sha256 !== ref.sha256) {
    await backbone.release();
    throw new Error(`${backbonePath} changed on disk since the server started`);
  }
  if (backbone) {
    try {
      const media = new MediaLoader();
      const access = input.media ?? {};
      const extracted = await featuresInBatches(backbone, missing, (e) =>
        media.image(e.text, access),
      );
      extracted.forEach((f, k) => {
        const example = missing[k]!;
        if (f instanceof Error) problems.push(`${named(example)}: ${f.message}; not learnt from`);
        else fresh[keyOf(example)] = f;
      });
    } finally {
      await backbone.release();
    }
  }
  const features: Float32Array[] = [];
  const labels: string[][] = [];
  for (const e of input.examples) {
    const f = known[keyOf(e)] ?? fresh[keyOf(e)];
    if (!f) continue;
    features.push(f);
    labels.push(e.labels);
  }
  if (features.length === 0) {
    const shown = problems.slice(0, 5).join('; ');
    throw new Error(
      `no usable annotated image for <Choices name="${target.fromName}"> (${problems.length} of ${input.examples.length} could not be read): ${shown}${problems.length > 5 ? '; …' : ''}`,
    );
  }
  const seed = typeof input.options?.seed === 'number' ? input.options.seed : 0;
  const { head, quality } = learnImageHead(features, labels, target, ref, { seed });
  return {
    head,
    features: fresh,
    problems,
    metrics: {
      quality,
      iterations: head.training.iterations,
      converged: head.training.converged,
      cachedFeatures: input.examples.length - missing.length,
      extractedFeatures: Object.keys(fresh).length,
    },
  };
}
