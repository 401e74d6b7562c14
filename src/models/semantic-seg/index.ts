export { semanticSegFamily } from './family';
export { semanticSegBareModel } from './bare';
export { decodeSemantic } from './decode';
export { argmaxClassMap } from './class-map';
export type { ClassMap } from './class-map';
export {
  readSemanticSettings,
  SEMANTIC_SEG_DEFAULTS,
  SEMANTIC_SEG_FAMILY_ID,
  tfSegmentationPreprocess,
  torchSegmentationPreprocess,
  VOC21_CLASS_NAMES,
} from './meta';
export type { SemanticDecodeSettings } from './meta';
