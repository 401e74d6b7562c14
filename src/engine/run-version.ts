// The model_version a run's predictions carry, computed the same way by the
// worker (what it writes) and the page (what it shows before the run), and the
// same way the CLI computes it: model name + hash of (bytes, mapping, thresholds).

import { modelVersionOf } from '../core/predict/model-version';
import type { ModelInfo, RunRequest } from './api';

type VersionedModel = Pick<ModelInfo, 'id' | 'name' | 'kind' | 'bytesHash'>;
type VersionedRun = Pick<RunRequest, 'targets' | 'options'>;

/** The settings that can change the predictions (keys as src/cli/predictors use them). */
export function versionSettings(model: VersionedModel, run: VersionedRun): Record<string, unknown> {
  if (model.kind === 'text') return { minScore: run.options.confidence };
  return { mappings: run.targets.map((t) => [t.fromName, t.mapping]), ...run.options };
}

export function runModelVersion(model: VersionedModel, run: VersionedRun): Promise<string> {
  // OCR packages are named by id on the command line (`--model ppocr-v4`).
  const name = model.kind === 'text' ? model.id : model.name;
  return modelVersionOf(name, model.bytesHash, versionSettings(model, run));
}
