export { ultralyticsPoseFamily, resolvePoseLayout } from './family';
export { ultralyticsPoseBareModel } from './bare';
export { decodePose } from './decode';
export type { PoseLayout } from './decode';
export {
  COCO17_KEYPOINT_NAMES,
  defaultKeypointNames,
  ULTRALYTICS_POSE_DEFAULTS,
  ULTRALYTICS_POSE_FAMILY_ID,
} from './meta';
