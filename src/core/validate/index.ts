export type { TaskValidationIssue, ValidationIssue } from './types';
export { validatePrediction, type ValidateOptions } from './validate-prediction';
export { validateTaskPredictions } from './validate-task';
export { rleElementCount } from './brush';
