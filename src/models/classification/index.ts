export { classificationFamily } from './family';
export { classificationBareModel } from './bare';
export { classScores, decodeClasses } from './decode';
export {
  looksLikeLogits,
  margin,
  normalizedEntropy,
  softmax,
  toProbabilities,
} from './probabilities';
export {
  CLASSIFICATION_DEFAULTS,
  CLASSIFICATION_FAMILY_ID,
  imagenetPreprocess,
  readActivation,
  ultralyticsClassifyPreprocess,
} from './meta';
export type { ClassActivation } from './meta';
