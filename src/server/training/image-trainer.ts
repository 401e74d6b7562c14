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
import { mediaTargetOf } from '../media-learners';
import { gatherFeatures, seedOf } from './media-features';
import type { TrainExample, TrainInput, TrainOutput } from './trainer-types';

export async function train(input: TrainInput): Promise<TrainOutput> {
  const target = mediaTargetOf(parseLabelingConfig(input.labelConfig), 'image');
  if (!target) {
    throw new Error('the labeling config has no <Choices> on an <Image>: nothing to learn');
  }
  const backbonePath = input.options?.backbone;
  const ref = input.options?.backboneRef as BackboneRef | undefined;
  if (typeof backbonePath !== 'string' || !ref) {
    throw new Error('no backbone given to the image trainer');
  }
  // With every feature cached, no session is opened and no image fetched.
  const extract = async (missing: TrainExample[]) => {
    const backbone = await openBackbone(backbonePath);
    try {
      if (backbone.ref.sha256 !== ref.sha256) {
        throw new Error(`${backbonePath} changed on disk since the server started`);
      }
      const media = new MediaLoader();
      const access = input.media ?? {};
      return await featuresInBatches(backbone, missing, (e) => media.image(e.text, access));
    } finally {
      await backbone.release();
    }
  };
  const gathered = await gatherFeatures(
    input,
    { medium: 'image', control: target.fromName },
    extract,
  );
  const { head, quality } = learnImageHead(gathered.features, gathered.labels, target, ref, {
    seed: seedOf(input),
  });
  return {
    head,
    ...gathered.output,
    metrics: {
      quality,
      iterations: head.training.iterations,
      converged: head.training.converged,
      ...gathered.metrics,
    },
  };
}
