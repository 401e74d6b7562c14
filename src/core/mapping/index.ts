export type { AutoMapping, LabelMapping, MatchReason } from './auto-map';
export { autoMapLabels, normalizeName, parseMappingSpec } from './auto-map';
export type { BoxTarget, DetectedBox, MappedResults } from './to-results';
export { boxesToResults } from './to-results';
