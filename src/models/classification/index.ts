export { classificationFamily } from './family';
export { classificationBareModel } from './bare';
export { classScores, decodeClasses } from '../shared/class-decode';
export {
  looksLikeLogits,
  margin,
  normalizedEntropy,
  softmax,
  toProbabilities,
} from '../shared/probabilities';
export {
  CLASSIFICATION_DEFAULTS,
  CLASSIFICATION_FAMILY_ID,
  imagenetPreprocess,
  readActivation,
} from './meta';
export type { ClassActivation } from './meta';
