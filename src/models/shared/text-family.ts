// What each text family offers until the modality-neutral family contract
// (issue 13) lands: runtime-neutral pieces behind one small shape, so the
// contract's adapter is a thin wrapper. A text family opens a package on a
// TensorSession (any runtime) and predicts per task input; `raw` is the form
// kept for re-thresholding (all spans with scores, all class probabilities).
import type { TensorSession } from './tensor-session';

export type TextResultKind = 'span' | 'choices' | 'textarea';

/** Reads the files of a model package by name (browser File list, fetch, or fs). */
export interface PackageReader {
  bytes(name: string): Promise<Uint8Array>;
  text(name: string): Promise<string>;
  /** Every file name of the package (a dropped folder), when known. */
  names?: readonly string[];
}

export interface TextPrediction<C, R = C[]> {
  candidates: C[];
  raw: R;
}

export interface TextPredictor<Input, C, R = C[]> {
  /** The class list mapped onto the config's labels (empty for generation). */
  classNames: readonly string[];
  predict(input: Input): Promise<TextPrediction<C, R>>;
}

/** A built-in predictor that needs no model file (the rule-based entity tagger). */
export interface BuiltinTextModel<Input, C> {
  id: string;
  name: string;
  license: string;
  source: string;
  open(): TextPredictor<Input, C>;
}

export interface TextFamily<Input, C, R = C[], Settings = unknown> {
  id: string;
  displayName: string;
  modality: 'text';
  resultKind: TextResultKind;
  builtins: readonly BuiltinTextModel<Input, C>[];
  /** Opens a user's package; `settings` are the family's own (manifest, sampling…). */
  open(
    session: TensorSession,
    read: PackageReader,
    settings: Settings,
  ): Promise<TextPredictor<Input, C, R>>;
}
