// Online learning (issue 15), runtime-neutral: no DOM, no Node APIs. Runs in
// the engine Web Worker, the CLI and `prelabel serve` worker threads.
//
// Stable API (used by the server and active learning):
//   trainTextClassifier(examples: {text, labels}[], options) → TextHead (JSON-serialisable)
//   predictText(head, text) → {labels, probabilities}   (one probability per label)
//   estimateQuality(examples, options) → {method, folds, accuracy, macroF1, …}
//   examplesFromTasks(config, tasks) → {examples, problems, …}   (from src/core/annotations)
//   trainDense(features[][], labels, options) → DenseHead; predictDense(head, vector)
//   predictWithHead(head, text | vector); choicesFromProbabilities / headPrediction → Label Studio result
//   trainTextCommittee / committeeProbabilities / disagreement (committee disagreement)
//   trainDenseCommittee / denseCommitteeProbabilities (the same on image features)
//   textFeatures(head, text) → the task's sparse TF-IDF vector (diversity sampling)
//   fitTextVectoriser(sampleTexts).vector(text) → the same without a head (TF-IDF fitted on the texts)
//   parseHead(json) → Head (validated head file)
//   online retrains: trainTextClassifier(examples, { featureCache: new TextFeatureCache(), warmStart: previousHead })
export {
  predictText,
  textFeatures,
  trainTextClassifier,
  type TextExample,
  type TextPrediction,
  type TrainTextOptions,
} from './text-classifier';
export { TextFeatureCache } from './text-feature-cache';
export { fitTextVectoriser, type TextVectoriser } from './text-vectoriser';
export {
  predictDense,
  trainDense,
  type DenseLabels,
  type TrainDenseOptions,
} from './dense-classifier';
export {
  crossValidate,
  crossValidateSteps,
  estimateDenseQuality,
  estimateQuality,
  estimateQualitySteps,
  runSteps,
  type QualityEstimate,
  type QualityOptions,
} from './quality';
export {
  bootstrapWeights,
  committeeProbabilities,
  disagreement,
  trainTextCommittee,
  type CommitteeOptions,
  type Disagreement,
  type TextCommittee,
} from './committee';
export {
  denseCommitteeProbabilities,
  trainDenseCommittee,
  type DenseCommittee,
} from './dense-committee';
export {
  committeeFromTasks,
  imageCommitteeFromTasks,
  type CommitteeRefusal,
  type ImageFeaturesOf,
  type ImageTaskCommittee,
  type TaskCommittee,
} from './task-committee';
export {
  choicesFromProbabilities,
  headPrediction,
  predictWithHead,
  type ChoicesTarget,
  type HeadChoices,
} from './to-choices';
export {
  HEAD_FORMAT,
  HEAD_FORMAT_VERSION,
  parseHead,
  type BackboneRef,
  type DenseHead,
  type Head,
  type TextHead,
} from './head';
export { examplesFromTasks } from '../core/annotations';
export type { AnnotatedExample, AnnotationProblem, ExtractedExamples } from '../core/annotations';
