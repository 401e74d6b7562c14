import type { DecodeOptions } from '../../types';

export const ULTRALYTICS_SEG_FAMILY_ID = 'ultralytics-seg';

/** Ultralytics `predict` defaults (conf 0.25, iou 0.7, max_det 300). */
export const ULTRALYTICS_SEG_DEFAULTS: DecodeOptions = {
  confidence: 0.25,
  iou: 0.7,
  maxDetections: 300,
};

/** Prototype masks per model (YOLOv8/11 -seg): rows after the classes. */
export const DEFAULT_MASK_COEFFICIENTS = 32;

export const SEG_EXPECTS =
  'output0 [1,4+classes+32,N] (boxes, classes, mask coefficients) and output1 [1,32,h,w] (prototypes) (Ultralytics -seg)';
