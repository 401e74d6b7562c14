import type { TensorFamily } from '../../types';
import { ultralyticsSegBareModel } from './bare';
import { rawDecodeSegment } from './raw-decode';
import { preprocessImage } from '../../shared/preprocess';
import { decodeSegment } from './decode';
import { outputOfRank } from '../head';
import { SEG_EXPECTS, ULTRALYTICS_SEG_FAMILY_ID } from './meta';

export const ultralyticsSegFamily: TensorFamily<'image'> = {
  kind: 'tensor',
  modality: 'image',
  id: ULTRALYTICS_SEG_FAMILY_ID,
  displayName: 'Ultralytics YOLO instance segmentation (-seg)',

  resultKinds: ['mask'],
  bare: ultralyticsSegBareModel,
  preprocess(image, manifest, inputName, out) {
    const { tensor, transform } = preprocessImage(image, manifest.preprocess, out);
    return { feeds: { [inputName]: tensor }, transform };
  },

  decode(outputs, transform, manifest, options) {
    return decodeSegment(
      outputOfRank(outputs, 3, 'output0', SEG_EXPECTS),
      outputOfRank(outputs, 4, 'output1', SEG_EXPECTS),
      manifest.classNames.length,
      manifest.preprocess,
      transform,
      options,
    );
  },

  rethreshold: {
    // The raw list says when an NMS-free head needs none (raw-decode.ts).
    suppression: () => 'class-aware',
    rawDecode: (outputs, transform, manifest, options) =>
      rawDecodeSegment(outputs, transform, manifest, options),
  },
};
