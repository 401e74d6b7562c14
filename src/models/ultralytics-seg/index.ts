export { ultralyticsSegFamily } from './family';
export { ultralyticsSegBareModel, ultralyticsTaskOf } from './bare';
export { decodeSegment } from './decode';
export { instanceMask } from './mask';
export type { InputBox, Prototypes } from './mask';
// The channel-first head scan, shared with the pose and obb families.
export { outputOfRank, readHead, scanAnchors } from './head';
export type { AnchorHit, HeadView } from './head';
export { ULTRALYTICS_SEG_DEFAULTS, ULTRALYTICS_SEG_FAMILY_ID } from './meta';
