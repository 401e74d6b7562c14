import type { DecodeOptions } from '../types';

export { imagenetPreprocess } from '../shared/imagenet';

export const CLASSIFICATION_FAMILY_ID = 'classification';

/**
 * `confidence`: other classes reported besides the top one (and the
 * multiple-choice threshold); `maxDetections`: how many classes at most.
 * `iou` is unused.
 */
export const CLASSIFICATION_DEFAULTS: DecodeOptions = {
  confidence: 0.25,
  iou: 0,
  maxDetections: 5,
};

export { CLASSIFICATION_EXPECTS, readActivation } from '../shared/class-decode';
export type { ClassActivation } from '../shared/class-decode';
