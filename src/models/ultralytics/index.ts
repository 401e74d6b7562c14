// Ultralytics YOLO exports, one family per task (detect, segment, pose, obb,
// classify), sharing the metadata reader and the channel-first head scan.
import { ultralyticsClsFamily } from './classify/family';
import { ultralyticsFamily } from './detect/family';
import { ultralyticsObbFamily } from './obb/family';
import { ultralyticsPoseFamily } from './pose/family';
import { ultralyticsSegFamily } from './segment/family';

/** Detect first: its metadata check leaves the other tasks to the families after it. */
export const ultralyticsFamilies = [
  ultralyticsFamily,
  ultralyticsSegFamily,
  ultralyticsPoseFamily,
  ultralyticsObbFamily,
  ultralyticsClsFamily,
] as const;

export {
  ultralyticsClsFamily,
  ultralyticsFamily,
  ultralyticsObbFamily,
  ultralyticsPoseFamily,
  ultralyticsSegFamily,
};
export {
  manifestFromOnnxMetadata,
  classNamesFromMetadata,
  isUltralyticsMetadata,
  ultralyticsTaskOf,
} from './manifest';
export { ultralyticsPreprocess, ULTRALYTICS_DEFAULTS, ULTRALYTICS_FAMILY_ID } from './meta';
export type { UltralyticsDecodeSettings, UltralyticsLayout } from './meta';
