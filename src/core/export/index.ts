export type {
  ExportItem,
  ExportItems,
  ExportOptions,
  ExportStream,
  ExportSummary,
  SkippedItem,
} from './types';
export { exportTasksWithPredictions } from './tasksWithPredictions';
export { exportPredictionsOnly } from './predictionsOnly';
export { exportAsAnnotations } from './asAnnotations';
export { collectToBlob, collectToString, collectWithSummary, toReadableStream } from './sinks';
export { aggregateTaskScore, SCORE_AGGREGATIONS, type ScoreAggregation } from './score';
