export { ultralyticsObbFamily } from './family';
export { ultralyticsObbBareModel } from './bare';
export { decodeObb, toCornerForm } from './decode';
export { orientedCorners, orientedIou, rotatedNms } from './oriented-box';
export type { OrientedBox, ScoredOrientedBox } from './oriented-box';
export { ULTRALYTICS_OBB_DEFAULTS, ULTRALYTICS_OBB_FAMILY_ID } from './meta';
