export type {
  ExportItem,
  ExportItems,
  ExportOptions,
  ExportStream,
  ExportSummary,
  SkippedItem,
} from './types';
export { exportTasksWithPredictions } from './tasks-with-predictions';
export { exportPredictionsOnly, NoTaskIdsError } from './predictions-only';
export {
  isRelativeReference,
  mediaDataKeys,
  prefixedReference,
  withMediaPrefix,
  type MediaPrefix,
} from './media-prefix';
export { exportAsAnnotations } from './as-annotations';
export { collectToBlob, collectToString, collectWithSummary, toReadableStream } from './sinks';
export { aggregateTaskScore, SCORE_AGGREGATIONS, type ScoreAggregation } from './score';
