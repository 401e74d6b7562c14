// Training examples from annotated Label Studio tasks (JSON, JSON-MIN, CSV exports).
export { examplesFromTasks } from './examples-from-tasks';
export type {
  AnnotatedExample,
  AnnotationProblem,
  ExampleSource,
  ExtractOptions,
  ExtractedExamples,
} from './examples-from-tasks';
export { liveAnnotations, pickAnnotation } from './pick-annotation';
export { choicesInCell, choicesInResults } from './choice-values';
