// The page shows the model_version a run will write before it starts: the
// predictor's one computation (the worker and the CLI call it too).
import { packageModelVersion, runModelVersion } from '../models/predictor/model-version';
import type { ModelInfo, RunRequest } from './api';
import { isTextModelKind } from './api';

export { runModelVersion, versionSettings } from '../models/predictor/model-version';

/**
 * The model_version of a run: image models by runModelVersion; text models
 * by packageModelVersion over the control, the mapping and the threshold (the
 * run settings `prelabel predict` hashes for the same model).
 */
export function requestModelVersion(
  model: ModelInfo,
  request: Pick<RunRequest, 'targets' | 'options' | 'text' | 'generation'>,
): Promise<string> {
  const { kind } = model;
  if (!isTextModelKind(kind)) return runModelVersion({ ...model, kind }, request);
  const { text } = request;
  // a reply's settings as `prelabel predict` hashes them (--prompt, sampling, limits)
  const { prompt, ...generation } = request.generation ?? { strategy: 'greedy' };
  return packageModelVersion(model, {
    target: [text?.fromName ?? '', text?.toName ?? ''],
    mapping: text?.mapping ?? {},
    conf: request.options.confidence,
    ...(request.generation ? { ...(prompt?.trim() ? { prompt } : {}), generation } : {}),
  });
}
