// The trainer module the worker runs for audio projects (a <Choices> on an
// <Audio>): each annotated task's file fetched as /predict fetches media
// (media.ts), its pooled openWakeWord embedding (those in `input.cached` are
// not fetched again), and the softmax head `prelabel train` learns for audio
// (the same code). The head is the head.json text of the model folder
// `prelabel train` writes; the server writes that folder. A task whose file
// cannot be fetched or decoded is named in `problems`; the others go on.
import { audioEmbeddings, learnAudioHead, openEmbedding } from '../../cli/audio-head-training';
import { parseLabelingConfig } from '../../core/config';
import { MediaLoader } from '../media';
import { mediaTargetOf } from '../media-learners';
import { gatherFeatures, seedOf } from './media-features';
import type { TrainExample, TrainInput, TrainOutput } from './trainer-types';

export async function train(input: TrainInput): Promise<TrainOutput> {
  const target = mediaTargetOf(parseLabelingConfig(input.labelConfig), 'audio');
  if (!target) {
    throw new Error('the labeling config has no <Choices> on an <Audio>: nothing to learn');
  }
  const extract = async (missing: TrainExample[]) => {
    const models = await openEmbedding();
    try {
      const media = new MediaLoader();
      const access = input.media ?? {};
      return await audioEmbeddings(models, missing, async (e) => ({
        bytes: new Uint8Array(await media.bytes(e.text, access)),
        name: e.text,
      }));
    } finally {
      await models.release();
    }
  };
  const gathered = await gatherFeatures(
    input,
    { medium: 'audio', control: target.fromName },
    extract,
  );
  const { head, quality, text } = learnAudioHead(
    gathered.features,
    gathered.labels,
    target.labels,
    {
      seed: seedOf(input),
    },
  );
  return {
    head: text,
    ...gathered.output,
    metrics: {
      quality,
      iterations: head.training.iterations,
      converged: head.training.converged,
      ...gathered.metrics,
    },
  };
}
