export type { TaskValidationIssue, ValidationIssue } from './types';
export { validatePrediction, type ValidateOptions } from './validatePrediction';
export { validateTaskPredictions } from './validateTask';
export { rleElementCount } from './brush';
