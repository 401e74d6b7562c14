// The sound-class family, contract-neutral until the modality-neutral family
// contract (issue 13) lands: a pooled openWakeWord embedding per clip (or per
// region) and a linear head the learner fits from annotations → `<Choices>`
// on `<Audio>`. Without a head it yields embeddings only (for the learner).

import { audioChoicesResult } from '../../core/results/audio-regions';
import type { ControlIdentity } from '../../core/results/geometry';
import type { LsResult } from '../../core/results/types';
import { clipEmbedding, type EmbeddingModels } from './clip-embedding';
import { classify, type ClassScore, type LinearHead } from './linear-head';

export const audioClassificationFamily = {
  id: 'audio-classification',
  displayName: 'Sound classes (openWakeWord embedding + trained head)',
  input: 'audio' as const,
  sampleRate: 16000,
  resultKinds: ['choices'] as const,

  /** The two feature models by their tensors: mel [b, n] → [.., 32]; embedding [b, 76, 32, 1]. */
  recognise(files: readonly string[]): boolean {
    const base = files.map((f) => f.split('/').pop());
    return base.includes('melspectrogram.onnx') && base.includes('embedding_model.onnx');
  },

  embed: clipEmbedding,

  async predict(
    models: EmbeddingModels,
    samples: Float32Array,
    head: LinearHead,
  ): Promise<ClassScore[]> {
    return classify(head, await clipEmbedding(models, samples));
  },

  /** The top class as a Choices answer (its probability as the score). */
  toResults(classes: readonly ClassScore[], target: ControlIdentity, id: string): LsResult[] {
    const top = classes[0];
    return top ? [audioChoicesResult(target, id, [top.label], top.score)] : [];
  },
};
