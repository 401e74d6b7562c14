import type { BareModelSupport } from '../shared/bare-model';
import { idFromFileName } from '../shared/bare-model';
import { ModelLayoutError } from '../shared/errors';
import type { ModelIO } from '../shared/model-io';
import { imageInputOf } from '../shared/model-io';
import {
  YUNET_DEFAULTS,
  YUNET_EXPECTS,
  YUNET_FAMILY_ID,
  YUNET_KEYPOINT_NAMES,
  YUNET_STRIDES,
  yunetPreprocess,
} from './meta';

const HEADS = ['cls', 'obj', 'bbox', 'kps'];
const DEFAULT_SIZE = 640;

/** All four heads named `<head>_<stride>` for each stride (OpenCV zoo's export). */
function hasYunetOutputs(io: ModelIO): boolean {
  const names = new Set(io.outputs.map((o) => o.name));
  return (
    io.outputs.length === HEADS.length * YUNET_STRIDES.length &&
    YUNET_STRIDES.every((s) => HEADS.every((h) => names.has(`${h}_${s}`)))
  );
}

/** Rounds a fixed input size down to a multiple of 32 (at least 32). */
const multipleOf32 = (v: number | undefined) =>
  Math.max(32, Math.floor((v ?? DEFAULT_SIZE) / 32) * 32);

export const yunetBareModel: BareModelSupport = {
  familyId: YUNET_FAMILY_ID,
  expects: YUNET_EXPECTS,

  recognise(io) {
    return hasYunetOutputs(io)
      ? 'outputs cls/obj/bbox/kps for strides 8, 16, 32: a YuNet face detector'
      : null;
  },

  manifest(io, _metadata, fileName) {
    if (!hasYunetOutputs(io)) {
      throw new ModelLayoutError(
        `outputs are ${io.outputs.map((o) => o.name).join(', ') || 'none'}`,
        YUNET_EXPECTS,
      );
    }
    const input = imageInputOf(io);
    const id = idFromFileName(fileName);
    return {
      id,
      name: id,
      family: YUNET_FAMILY_ID,
      task: 'pose',
      file: fileName,
      classNames: ['face'],
      keypointNames: [...YUNET_KEYPOINT_NAMES],
      preprocess: yunetPreprocess(multipleOf32(input.width), multipleOf32(input.height)),
      decode: { strides: [...YUNET_STRIDES] },
      defaults: { ...YUNET_DEFAULTS },
    };
  },
};
