import type { TensorFamily, TensorData } from '../types';
import { classificationBareModel } from './bare';
import { relaxedDecode } from '../rethreshold';
import { ModelLayoutError } from '../shared/errors';
import { preprocessImage } from '../shared/preprocess';
import { decodeClasses } from '../shared/class-decode';
import { CLASSIFICATION_EXPECTS, CLASSIFICATION_FAMILY_ID, readActivation } from './meta';

/** The named output (manifest `decode.output`), else the first one. */
function scoresOutput(
  outputs: Record<string, TensorData>,
  preferred: unknown,
): [string, TensorData] {
  const named = typeof preferred === 'string' ? outputs[preferred] : undefined;
  if (named) return [preferred as string, named];
  const first = Object.entries(outputs)[0];
  if (!first) throw new ModelLayoutError('the model has no outputs', CLASSIFICATION_EXPECTS);
  return first;
}

export const classificationFamily: TensorFamily<'image'> = {
  kind: 'tensor',
  modality: 'image',
  id: CLASSIFICATION_FAMILY_ID,
  displayName: 'Image classification (ImageNet-style, Ultralytics -cls)',

  resultKinds: ['class'],
  bare: classificationBareModel,
  preprocess(image, manifest, inputName, out) {
    const { tensor, transform } = preprocessImage(image, manifest.preprocess, out);
    return { feeds: { [inputName]: tensor }, transform };
  },

  decode(outputs, transform, manifest, options) {
    const [name, tensor] = scoresOutput(outputs, manifest.decode.output);
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
      relaxedDecode(classificationFamily.decode, outputs, transform, manifest, options),
  },
};
