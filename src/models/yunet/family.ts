import type { TensorFamily } from '../types';
import { yunetBareModel } from './bare';
import { relaxedDecode } from '../rethreshold';
import { preprocessImage } from '../shared/preprocess';
import { decodeYunet } from './decode';
import { readStrides, YUNET_FAMILY_ID } from './meta';

export const yunetFamily: TensorFamily<'image'> = {
  kind: 'tensor',
  modality: 'image',
  id: YUNET_FAMILY_ID,
  displayName: 'YuNet face detector (box + 5 landmarks)',

  resultKinds: ['box'],
  bare: yunetBareModel,
  preprocess(image, manifest, inputName, out) {
    const { tensor, transform } = preprocessImage(image, manifest.preprocess, out);
    return { feeds: { [inputName]: tensor }, transform };
  },

  decode(outputs, transform, manifest, options) {
    return decodeYunet(
      outputs,
      readStrides(manifest.decode),
      manifest.preprocess,
      transform,
      options,
    );
  },

  rethreshold: {
    suppression: () => 'class-aware',
    rawDecode: (outputs, transform, manifest, options) =>
      relaxedDecode(yunetFamily.decode, outputs, transform, manifest, options),
  },
};
