// A backbone that turns an image into the feature vector an image head was
// trained on. The caller opens it (the CLI: onnxruntime-node + sharp, the same
// extraction `prelabel train` uses, so train and predict agree exactly) and
// hands it to the image-head family in the run options.
import type { BackboneRef } from '../../learn/head';
import type { RgbaImage } from '../types';

export interface ImageFeatureSource {
  /** SHA-256 of the backbone file, its feature output and file name. */
  ref: BackboneRef;
  features(image: RgbaImage): Promise<Float32Array>;
}

/** The run option the image-head family reads its backbone from. */
export const IMAGE_FEATURES_OPTION = 'imageFeatures';

export function imageFeaturesOf(
  options: Readonly<Record<string, unknown>>,
): ImageFeatureSource | undefined {
  const source = options[IMAGE_FEATURES_OPTION] as ImageFeatureSource | undefined;
  return source && typeof source.features === 'function' ? source : undefined;
}
