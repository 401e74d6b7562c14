// The trainer module the worker runs for text projects.
// TODO(learn): call trainTextClassifier from src/learn once merged.
import type { TrainInput, TrainOutput } from './trainer-types';

export function train(_input: TrainInput): TrainOutput {
  throw new Error('the built-in text learner (src/learn) is not available in this build');
}
