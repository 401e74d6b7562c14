// The decode defaults each family uses when the model's manifest sets none,
// read from the families themselves so `prelabel predict --help` tells the truth.
import type { DecodeOptions } from '../models/types';
import { CLASSIFICATION_DEFAULTS, CLASSIFICATION_FAMILY_ID } from '../models/classification/meta';
import { NANODET_DEFAULTS, NANODET_FAMILY_ID } from '../models/nanodet/meta';
import { SEMANTIC_SEG_DEFAULTS, SEMANTIC_SEG_FAMILY_ID } from '../models/semantic-seg/meta';
import { ULTRALYTICS_DEFAULTS, ULTRALYTICS_FAMILY_ID } from '../models/ultralytics/meta';
import {
  ULTRALYTICS_OBB_DEFAULTS,
  ULTRALYTICS_OBB_FAMILY_ID,
} from '../models/ultralytics-obb/meta';
import {
  ULTRALYTICS_POSE_DEFAULTS,
  ULTRALYTICS_POSE_FAMILY_ID,
} from '../models/ultralytics-pose/meta';
import {
  ULTRALYTICS_SEG_DEFAULTS,
  ULTRALYTICS_SEG_FAMILY_ID,
} from '../models/ultralytics-seg/meta';
import { YOLOX_DEFAULTS, YOLOX_FAMILY_ID } from '../models/yolox/meta';
import { YUNET_DEFAULTS, YUNET_FAMILY_ID } from '../models/yunet/meta';

export const FAMILY_DEFAULTS: Record<string, DecodeOptions> = {
  [ULTRALYTICS_FAMILY_ID]: ULTRALYTICS_DEFAULTS,
  [ULTRALYTICS_SEG_FAMILY_ID]: ULTRALYTICS_SEG_DEFAULTS,
  [ULTRALYTICS_POSE_FAMILY_ID]: ULTRALYTICS_POSE_DEFAULTS,
  [ULTRALYTICS_OBB_FAMILY_ID]: ULTRALYTICS_OBB_DEFAULTS,
  [YOLOX_FAMILY_ID]: YOLOX_DEFAULTS,
  [NANODET_FAMILY_ID]: NANODET_DEFAULTS,
  [YUNET_FAMILY_ID]: YUNET_DEFAULTS,
  [CLASSIFICATION_FAMILY_ID]: CLASSIFICATION_DEFAULTS,
  [SEMANTIC_SEG_FAMILY_ID]: SEMANTIC_SEG_DEFAULTS,
};

/** One line per family: "ultralytics   --conf 0.25 --iou 0.7 --max-det 300". */
export function familyDefaultsText(indent: string): string {
  const width = Math.max(...Object.keys(FAMILY_DEFAULTS).map((id) => id.length));
  return Object.entries(FAMILY_DEFAULTS)
    .map(
      ([id, d]) =>
        `${indent}${id.padEnd(width)}  --conf ${d.confidence} --iou ${d.iou} --max-det ${d.maxDetections}`,
    )
    .join('\n');
}
