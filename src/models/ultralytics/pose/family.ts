import type { TensorFamily, ModelManifest } from '../../types';
import { ultralyticsPoseBareModel } from './bare';
import { relaxedDecode } from '../../rethreshold';
import { ModelLayoutError } from '../../shared/errors';
import { formatDims } from '../../shared/model-io';
import { preprocessImage } from '../../shared/preprocess';
import { outputOfRank } from '../head';
import type { PoseLayout } from './decode';
import { decodePose } from './decode';
import { POSE_EXPECTS, readPoseSettings, ULTRALYTICS_POSE_FAMILY_ID } from './meta';

/**
 * Keypoint count and values per keypoint: the manifest's `keypointShape`, else
 * its keypoint names (3 values each), else whatever the row count leaves after
 * the box and classes, read as x, y, visibility triples.
 */
export function resolvePoseLayout(dims: readonly number[], manifest: ModelManifest): PoseLayout {
  const classCount = Math.max(1, manifest.classNames.length);
  const { keypointShape } = readPoseSettings(manifest.decode);
  if (keypointShape) {
    return {
      classCount,
      keypointCount: keypointShape[0],
      valuesPerKeypoint: keypointShape[1] as 2 | 3,
    };
  }
  if (manifest.keypointNames && manifest.keypointNames.length > 0) {
    return { classCount, keypointCount: manifest.keypointNames.length, valuesPerKeypoint: 3 };
  }
  const extra = (dims[1] ?? 0) - 4 - classCount;
  if (extra <= 0 || extra % 3 !== 0) {
    throw new ModelLayoutError(`the pose head has shape ${formatDims(dims)}`, POSE_EXPECTS);
  }
  return { classCount, keypointCount: extra / 3, valuesPerKeypoint: 3 };
}

export const ultralyticsPoseFamily: TensorFamily<'image'> = {
  kind: 'tensor',
  modality: 'image',
  id: ULTRALYTICS_POSE_FAMILY_ID,
  displayName: 'Ultralytics YOLO pose (-pose)',

  resultKinds: ['keypoints'],
  bare: ultralyticsPoseBareModel,
  preprocess(image, manifest, inputName, out) {
    const { tensor, transform } = preprocessImage(image, manifest.preprocess, out);
    return { feeds: { [inputName]: tensor }, transform };
  },

  decode(outputs, transform, manifest, options) {
    const [name, tensor] = outputOfRank(outputs, 3, 'output0', POSE_EXPECTS);
    const layout = resolvePoseLayout(tensor.dims, manifest);
    return decodePose(tensor, name, layout, transform, options);
  },

  rethreshold: {
    suppression: () => 'class-aware',
    rawDecode: (outputs, transform, manifest, options) =>
      relaxedDecode(ultralyticsPoseFamily.decode, outputs, transform, manifest, options),
  },
};
