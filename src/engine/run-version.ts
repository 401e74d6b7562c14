// The page shows the model_version a run will write before it starts: the
// predictor's one computation (the worker and the CLI call it too).
import {
  imageHeadModelVersion,
  packageModelVersion,
  runModelVersion,
} from '../models/predictor/model-version';
import type { ModelInfo, RunRequest } from './api';
import { isAudioModelKind, isTextModelKind } from './api';

export { runModelVersion, versionSettings } from '../models/predictor/model-version';

/**
 * The model_version of a run: image models by runModelVersion (image heads
 * by imageHeadModelVersion, the backbone's hash included); text models
 * by packageModelVersion over the control, the mapping and the threshold (the
 * run settings `prelabel predict` hashes for the same model).
 */
export function requestModelVersion(
  model: ModelInfo,
  request: Pick<RunRequest, 'targets' | 'options' | 'text' | 'audio' | 'generation'>,
): Promise<string> {
  const { kind } = model;
  if (model.backbone) {
    // An image head: as `prelabel predict --model head.json --backbone` hashes its run.
    const target = request.targets[0];
    return imageHeadModelVersion(model, {
      fromName: target?.fromName ?? '',
      toName: target?.toName ?? '',
      mapping: target?.mapping ?? {},
      conf: request.options.confidence,
      backbone: model.backbone.sha256,
    });
  }
  if (isAudioModelKind(kind)) {
    // The worker's planAudioRun: a recogniser's per-region text also hashes the VAD it ran on.
    const { audio } = request;
    const mode =
      kind === 'audio-choices'
        ? 'choices'
        : kind === 'audio-regions'
          ? 'regions'
          : (audio?.mode ?? 'whole');
    return packageModelVersion(model, {
      target: [audio?.fromName ?? '', audio?.toName ?? ''],
      mapping: mode === 'whole' ? {} : (audio?.mapping ?? {}),
      conf: request.options.confidence,
      mode,
      regions: kind === 'audio-textarea' && mode === 'regions' ? model.regionBytesHash : undefined,
    });
  }
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
