// The trainer module the worker runs for text projects: the built-in text
// classifier (src/learn, hashed TF-IDF + logistic regression), and its k-fold
// quality on the same annotations, kept with the version.
import { parseLabelingConfig } from '../../core/config';
import { estimateQuality, trainTextClassifier, type TrainTextOptions } from '../../learn';
import { textTargetOf } from '../learner-adapter';
import type { TrainInput, TrainOutput } from './trainer-types';

/** Above this many examples the 5 extra fits of the estimate would delay the new version too much. */
const QUALITY_UP_TO = 3000;

export function train(input: TrainInput): TrainOutput {
  const target = textTargetOf(parseLabelingConfig(input.labelConfig));
  if (!target)
    throw new Error('the labeling config has no <Choices> on a <Text>: nothing to learn');
  const options: TrainTextOptions = {
    labels: target.labels,
    multiple: target.multiple,
    seed: typeof input.options?.seed === 'number' ? input.options.seed : 0,
  };
  const head = trainTextClassifier(input.examples, options);
  const quality =
    input.examples.length <= QUALITY_UP_TO
      ? estimateQuality(input.examples, options)
      : { method: 'none', reason: `not estimated above ${QUALITY_UP_TO} examples` };
  return {
    head,
    metrics: {
      quality,
      iterations: head.training.iterations,
      converged: head.training.converged,
      skipped: head.training.skipped.length,
    },
  };
}
