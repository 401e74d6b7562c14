// A model without class names (e.g. an ImageNet classifier exported bare) gets
// placeholder names class0…classN, which no label of a config matches: every
// result would be dropped and the run would "succeed" with empty predictions.
import type { PredictArgs } from './predict-args';
import { UsageError } from './predict-args';
import type { Predictor } from './predictors/types';

/** True when the names are the placeholders class0, class1, … a bare model gets. */
export function arePlaceholderNames(names: readonly string[]): boolean {
  return names.length > 0 && names.every((name, i) => name === `class${i}`);
}

/** Refuses a run that could only give empty results; --labels or --map is the way out. */
export function refuseNamelessModel(
  predictor: Pick<Predictor, 'classNames' | 'description'>,
  args: Pick<PredictArgs, 'labels' | 'map'>,
): void {
  const names = predictor.classNames;
  if (!names || args.labels || args.map || !arePlaceholderNames(names)) return;
  throw new UsageError(
    `the model has no class names (its ${names.length} classes would be class0…class${names.length - 1}, ` +
      'which no label matches, so every result would be dropped): give them with --labels FILE ' +
      '(one name per class, e.g. the ImageNet list for an ImageNet classifier), ' +
      'or map the placeholders with --map "class0=Label,…"',
  );
}
