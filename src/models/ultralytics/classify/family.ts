import type { TensorFamily } from '../../types';
import { relaxedDecode } from '../../rethreshold';
import { CLASSIFICATION_EXPECTS, decodeClasses, readActivation } from '../../shared/class-decode';
import { ModelLayoutError } from '../../shared/errors';
import { preprocessImage } from '../../shared/preprocess';
import { ultralyticsClsBareModel } from './bare';
import { ULTRALYTICS_CLS_FAMILY_ID } from './meta';

export const ultralyticsClsFamily: TensorFamily<'image'> = {
  kind: 'tensor',
  modality: 'image',
  id: ULTRALYTICS_CLS_FAMILY_ID,
  displayName: 'Ultralytics YOLO classification (-cls)',
  resultKinds: ['class'],
  bare: ultralyticsClsBareModel,

  preprocess(image, manifest, inputName, out) {
    const { tensor, transform } = preprocessImage(image, manifest.preprocess, out);
    return { feeds: { [inputName]: tensor }, transform };
  },

  decode(outputs, transform, manifest, options) {
    // One output of class probabilities (`output0`).
    const first = Object.entries(outputs)[0];
    if (!first) throw new ModelLayoutError('the model has no outputs', CLASSIFICATION_EXPECTS);
    const [name, tensor] = first;
    return decodeClasses(
      tensor,
      name,
      readActivation(manifest.decode),
      manifest.preprocess,
      transform,
      options,
    );
  },

  rethreshold: {
    // Classes do not overlap: the top class and those over their threshold stay.
    suppression: () => 'none',
    rawDecode: (outputs, transform, manifest, options) =>
      relaxedDecode(ultralyticsClsFamily.decode, outputs, transform, manifest, options),
  },
};
