// Kept for callers of the former per-kind entry: every family now goes through createPredictor.
export { createPredictor as createImagePredictor } from './create-predictor';
