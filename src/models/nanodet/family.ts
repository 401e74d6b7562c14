import type { TensorFamily } from '../types';
import { nanodetBareModel } from './bare';
import { relaxedDecode } from '../rethreshold';
import { preprocessImage } from '../shared/preprocess';
import { decodeNanodet } from './decode';
import { NANODET_FAMILY_ID, readDecodeSettings } from './meta';
import { outputShapes, pickLevels } from './outputs';

export const nanodetFamily: TensorFamily<'image'> = {
  kind: 'tensor',
  modality: 'image',
  id: NANODET_FAMILY_ID,
  displayName: 'NanoDet (RangiLyu)',

  resultKinds: ['box'],
  bare: nanodetBareModel,
  preprocess(image, manifest, inputName, out) {
    const { tensor, transform } = preprocessImage(image, manifest.preprocess, out);
    return { feeds: { [inputName]: tensor }, transform };
  },

  decode(outputs, transform, manifest, options) {
    const { strides, regMax, priorOffset } = readDecodeSettings(manifest.decode);
    const { width, height } = manifest.preprocess;
    const levels = pickLevels(
      outputShapes(outputs),
      width,
      height,
      strides,
      regMax,
      manifest.classNames.length,
    );
    return decodeNanodet(outputs, levels, regMax, priorOffset, transform, options);
  },

  rethreshold: {
    suppression: () => 'class-aware',
    rawDecode: (outputs, transform, manifest, options) =>
      relaxedDecode(nanodetFamily.decode, outputs, transform, manifest, options),
  },
};
