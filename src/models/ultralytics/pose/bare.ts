import type { BareModelSupport } from '../../shared/bare-model';
import { ModelLayoutError } from '../../shared/errors';
import { parsePythonLiteral } from '../../shared/python-literal';
import { manifestFromOnnxMetadata } from '../manifest';
import { ultralyticsTaskOf } from '../manifest';
import {
  defaultKeypointNames,
  POSE_EXPECTS,
  ULTRALYTICS_POSE_DEFAULTS,
  ULTRALYTICS_POSE_FAMILY_ID,
} from './meta';

/** Ultralytics writes `kpt_shape` as "[17, 3]". */
function keypointShapeOf(text: string | undefined): [number, number] | undefined {
  if (text === undefined) return undefined;
  try {
    const v = parsePythonLiteral(text);
    if (Array.isArray(v) && typeof v[0] === 'number' && (v[1] === 2 || v[1] === 3)) {
      return [v[0], v[1]];
    }
  } catch {
    // Unreadable: fall back to the row count at decode time.
  }
  return undefined;
}

const EXPECTS = `${POSE_EXPECTS} with Ultralytics metadata task "pose"`;

/** Pose heads look like detect heads by shape: only the metadata tells them apart. */
export const ultralyticsPoseBareModel: BareModelSupport = {
  familyId: ULTRALYTICS_POSE_FAMILY_ID,
  expects: EXPECTS,

  recognise(_io, metadata) {
    return ultralyticsTaskOf(metadata) === 'pose'
      ? 'ONNX metadata written by Ultralytics (task pose)'
      : null;
  },

  manifest(io, metadata, fileName) {
    if (ultralyticsTaskOf(metadata) === undefined) {
      throw new ModelLayoutError('the model has no Ultralytics metadata', EXPECTS);
    }
    const fromMeta = manifestFromOnnxMetadata(metadata, io.inputs[0]?.dims ?? [], fileName);
    const shape = keypointShapeOf(metadata.kpt_shape) ?? [17, 3];
    return {
      ...fromMeta,
      family: ULTRALYTICS_POSE_FAMILY_ID,
      task: 'pose',
      decode: { keypointShape: shape },
      classNames: fromMeta.classNames.length > 0 ? fromMeta.classNames : ['person'],
      keypointNames: defaultKeypointNames(shape[0]),
      defaults: { ...ULTRALYTICS_POSE_DEFAULTS },
    };
  },
};
