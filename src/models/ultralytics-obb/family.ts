import type { ModelFamily } from '../types';
import { preprocessImage } from '../shared/preprocess';
import { outputOfRank } from '../ultralytics-seg';
import { decodeObb } from './decode';
import { OBB_EXPECTS, ULTRALYTICS_OBB_FAMILY_ID } from './meta';

export const ultralyticsObbFamily: ModelFamily = {
  id: ULTRALYTICS_OBB_FAMILY_ID,
  displayName: 'Ultralytics YOLO oriented boxes (-obb)',

  preprocess(image, manifest, inputName, out) {
    const { tensor, transform } = preprocessImage(image, manifest.preprocess, out);
    return { feeds: { [inputName]: tensor }, transform };
  },

  decode(outputs, transform, manifest, options) {
    const [name, tensor] = outputOfRank(outputs, 3, 'output0', OBB_EXPECTS);
    return decodeObb(tensor, name, manifest.classNames.length, transform, options);
  },
};
