export { openTextClassifier } from './classifier';
export type { TextClassCandidate, TextClassification, TextClassifier } from './classifier';
export { textClassificationFamily } from './family';
export { parseTextClassifierManifest, TextManifestError } from './manifest';
export type { TextClassifierManifest } from './manifest';
