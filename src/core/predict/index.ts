export type { FinishedPrediction, PredictionContext } from './finish';
export { finishPrediction } from './finish';
export type { BoxPrediction, BoxPredictionInput } from './box-prediction';
export { buildBoxPrediction } from './box-prediction';
export type { OcrPredictionInput } from './ocr-prediction';
export { buildOcrPrediction } from './ocr-prediction';
export { modelBytesHash, modelVersionOf } from './model-version';
export type {
  VisionPrediction,
  VisionPredictionInput,
  VisionPredictionOptions,
} from './build-prediction';
export { buildPrediction, TargetMismatchError } from './build-prediction';
export { scaleCandidate } from './scale-candidates';
