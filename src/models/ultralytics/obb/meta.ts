import type { DecodeOptions } from '../../types';

export const ULTRALYTICS_OBB_FAMILY_ID = 'ultralytics-obb';

/** Ultralytics `predict` defaults (conf 0.25, iou 0.7, max_det 300). */
export const ULTRALYTICS_OBB_DEFAULTS: DecodeOptions = {
  confidence: 0.25,
  iou: 0.7,
  maxDetections: 300,
};

export const OBB_EXPECTS =
  '[1,4+classes+1,N] (cx,cy,w,h, classes, angle in radians) (Ultralytics -obb)';
