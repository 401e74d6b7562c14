// Class probabilities from a text model's output row: the shared math
// (models/shared/probabilities.ts) as float32, the form the journal keeps.
import { toProbabilities as sharedProbabilities } from '../shared/probabilities';

export type TextActivation = 'auto' | 'softmax' | 'sigmoid' | 'none';

export function toProbabilities(
  values: ArrayLike<number>,
  activation: TextActivation,
): Float32Array {
  return Float32Array.from(sharedProbabilities(values, activation));
}
