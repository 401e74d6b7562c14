import type { TensorFamily } from '../../types';
import { ultralyticsObbBareModel } from './bare';
import { relaxedDecode } from '../../rethreshold';
import { preprocessImage } from '../../shared/preprocess';
import { outputOfRank } from '../head';
import { decodeObb } from './decode';
import { OBB_EXPECTS, ULTRALYTICS_OBB_FAMILY_ID } from './meta';

export const ultralyticsObbFamily: TensorFamily<'image'> = {
  kind: 'tensor',
  modality: 'image',
  id: ULTRALYTICS_OBB_FAMILY_ID,
  displayName: 'Ultralytics YOLO oriented boxes (-obb)',

  resultKinds: ['box'],
  bare: ultralyticsObbBareModel,
  preprocess(image, manifest, inputName, out) {
    const { tensor, transform } = preprocessImage(image, manifest.preprocess, out);
    return { feeds: { [inputName]: tensor }, transform };
  },

  decode(outputs, transform, manifest, options) {
    const [name, tensor] = outputOfRank(outputs, 3, 'output0', OBB_EXPECTS);
    return decodeObb(tensor, name, manifest.classNames.length, transform, options);
  },

  rethreshold: {
    // Oriented boxes overlap by their rotated outlines.
    suppression: () => 'rotated',
    rawDecode: (outputs, transform, manifest, options) =>
      relaxedDecode(ultralyticsObbFamily.decode, outputs, transform, manifest, options),
  },
};
