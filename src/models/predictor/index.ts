// The runtime-neutral predictor: open a model on an injected ONNX runtime
// (an image model, or a text/audio package), predict tasks, re-derive
// predictions from kept raw candidates, name the model_version. Used by the
// worker, the CLI, the server and the tests.
export type { OnnxRuntime, RuntimeSession, WarmUp } from './runtime';
export { checkedOutputType } from './runtime';
export {
  openModel,
  releaseModel,
  readModelMetadata,
  ModelOpenError,
  ModelRejectedError,
} from './open-model';
export type {
  ClassNamesSource,
  ModelSource,
  OpenOptions,
  OpenedModel,
  OpenedPipelineModel,
  OpenedTensorModel,
} from './open-model';
export { detectCandidates, predictTask, runTensorModel, scaleLines } from './predict-task';
export type { TaskInput, TaskOutcome } from './predict-task';
export { rederiveTask } from './rederive';
export type { RederiveModel, RederivedPrediction } from './rederive';
export type { ImageSizes, PredictSettings, TaskImageSize, TaskRef } from './settings';
export { packageModelVersion, runModelVersion, versionSettings } from './model-version';
export type { PackageRun, VersionedModel, VersionedRun } from './model-version';
export { openBuiltinPackage, openPackageModel } from './open-package';
export type { OpenedPackageModel, PackageOptions, PackageSource } from './open-package';
export {
  defaultTextThreshold,
  predictTextTask,
  rederiveTextTask,
  textRawOf,
  textTargetOf,
} from './predict-text';
export type { TextRaw, TextRunSettings, TextTaskOutcome } from './predict-text';
export { audioTargetOf, audioThreshold, predictAudioTask } from './predict-audio';
export type { AudioRunSettings, AudioTarget } from './predict-audio';
export { imageChoicesTargetOf, predictImageChoicesTask } from './predict-image-choices';
export type { ImageChoicesRunSettings } from './predict-image-choices';
