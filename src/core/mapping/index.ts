export type { AutoMapping, LabelMapping, MatchReason } from './auto-map';
export { autoMapLabels, normalizeName, parseMappingSpec } from './auto-map';
export type { BoxTarget, DetectedBox, MappedResults } from './to-results';
export { boxesToResults } from './to-results';
export type { OcrTarget } from './ocr-target';
export { OcrTargetError, pickOcrTarget } from './ocr-target';
export type { ReadLine } from './ocr-to-results';
export { linesToResults } from './ocr-to-results';
