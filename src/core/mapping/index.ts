export type { AutoMapping, LabelMapping, MatchReason } from './auto-map';
export { autoMapLabels, normalizeName, parseMappingSpec } from './auto-map';
export type { BoxTarget, DetectedBox, MappedResults } from './to-results';
export { boxesToResults } from './to-results';
export type { OcrTarget } from './ocr-target';
export { OcrTargetError, pickOcrTarget } from './ocr-target';
export type { ReadLine } from './ocr-to-results';
export { linesToResults } from './ocr-to-results';
export type {
  DetectedBoxCandidate,
  DetectedClass,
  DetectedKeypoint,
  DetectedKeypoints,
  DetectedMask,
  DetectedMaskGrid,
  VisionCandidate,
  VisionCandidateKind,
} from './vision-candidates';
export { isVisionCandidate } from './vision-candidates';
export type { MaskResultOptions, MaskResults, MaskTarget } from './masks-to-results';
export { masksToResults } from './masks-to-results';
export type {
  ChoicesTarget,
  ClassResultOptions,
  ClassResults,
  ClassScoreMode,
} from './classes-to-results';
export { classesToResults } from './classes-to-results';
export type {
  KeypointResultOptions,
  KeypointResults,
  KeypointTarget,
} from './keypoints-to-results';
export { keypointsToResults } from './keypoints-to-results';
export type { MaskForm, PickTargetOptions, TargetKind, VisionTarget } from './vision-targets';
export { pickVisionTargets, TARGET_KINDS, VisionTargetError } from './vision-targets';
export { candidateKindOfTask } from './task-kind';
export type { DetectedSpan, SpanResults, SpanTarget } from './text-results';
export { replyToResult, spansToResults } from './text-results';
export type { TaskText, TextTarget, TextTargetKind } from './text-targets';
export { pickTextTarget, taskTextOf, TextTargetError } from './text-targets';
export type { AudioControl, AudioControls } from './audio-targets';
export { AUDIO_OBJECTS, audioControlsOf, AudioTargetError } from './audio-targets';
