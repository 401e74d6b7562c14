import type { TensorFamily, TensorData } from '../types';
import { semanticSegBareModel } from './bare';
import { rawDecodeSemantic } from './raw-decode';
import { ModelLayoutError } from '../shared/errors';
import { preprocessImage } from '../shared/preprocess';
import { decodeSemantic } from './decode';
import { readSemanticSettings, SEMANTIC_EXPECTS, SEMANTIC_SEG_FAMILY_ID } from './meta';

/** The per-pixel class scores among the outputs. */
export function scoresOutput(outputs: Record<string, TensorData>): [string, TensorData] {
  const entry =
    Object.entries(outputs).find(([, t]) => t.dims.length === 4) ??
    Object.entries(outputs).find(([, t]) => t.dims.length === 3);
  if (!entry) throw new ModelLayoutError('no rank-3 or rank-4 output', SEMANTIC_EXPECTS);
  return entry;
}

export const semanticSegFamily: TensorFamily<'image'> = {
  kind: 'tensor',
  modality: 'image',
  id: SEMANTIC_SEG_FAMILY_ID,
  displayName: 'Semantic segmentation (DeepLab-style per-pixel classes)',

  resultKinds: ['mask'],
  bare: semanticSegBareModel,
  preprocess(image, manifest, inputName, out) {
    const { tensor, transform } = preprocessImage(image, manifest.preprocess, out);
    return { feeds: { [inputName]: tensor }, transform };
  },

  decode(outputs, transform, manifest, options) {
    const [name, tensor] = scoresOutput(outputs);
    return decodeSemantic(
      tensor,
      name,
      manifest.classNames.length,
      readSemanticSettings(manifest.decode),
      manifest.preprocess,
      transform,
      options,
    );
  },

  rethreshold: {
    // One region per class: nothing overlaps within a class.
    suppression: () => 'none',
    // Every class present is kept: no threshold of the run limits the raw list.
    rawDecode: (outputs, transform, manifest) => rawDecodeSemantic(outputs, transform, manifest),
    minAreaFraction: (manifest) => readSemanticSettings(manifest.decode).minAreaFraction,
  },
};
