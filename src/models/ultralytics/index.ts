export { ultralyticsFamily } from './family';
export { ultralyticsBareModel } from './bare';
export {
  manifestFromOnnxMetadata,
  classNamesFromMetadata,
  isUltralyticsMetadata,
} from './manifest';
export { ultralyticsPreprocess, ULTRALYTICS_DEFAULTS, ULTRALYTICS_FAMILY_ID } from './meta';
export type { UltralyticsDecodeSettings, UltralyticsLayout } from './meta';
