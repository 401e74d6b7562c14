import type { ModelFamily } from '../types';
import { preprocessImage } from '../shared/preprocess';
import { decodeYunet } from './decode';
import { readStrides, YUNET_FAMILY_ID } from './meta';

export const yunetFamily: ModelFamily = {
  id: YUNET_FAMILY_ID,
  displayName: 'YuNet face detector (box + 5 landmarks)',

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
};
