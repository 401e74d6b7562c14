export type { BoxPrediction, BoxPredictionInput } from './box-prediction';
export { buildBoxPrediction } from './box-prediction';
export { modelBytesHash, modelVersionOf } from './model-version';
