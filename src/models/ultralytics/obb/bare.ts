import type { BareModelSupport } from '../../shared/bare-model';
import { ModelLayoutError } from '../../shared/errors';
import { manifestFromOnnxMetadata } from '../manifest';
import { ultralyticsTaskOf } from '../manifest';
import { OBB_EXPECTS, ULTRALYTICS_OBB_DEFAULTS, ULTRALYTICS_OBB_FAMILY_ID } from './meta';

const EXPECTS = `${OBB_EXPECTS} with Ultralytics metadata task "obb"`;

/** OBB heads look like detect heads with one more class: only the metadata tells them apart. */
export const ultralyticsObbBareModel: BareModelSupport = {
  familyId: ULTRALYTICS_OBB_FAMILY_ID,
  expects: EXPECTS,

  recognise(_io, metadata) {
    return ultralyticsTaskOf(metadata) === 'obb'
      ? 'ONNX metadata written by Ultralytics (task obb)'
      : null;
  },

  manifest(io, metadata, fileName) {
    if (ultralyticsTaskOf(metadata) === undefined) {
      throw new ModelLayoutError('the model has no Ultralytics metadata', EXPECTS);
    }
    return {
      ...manifestFromOnnxMetadata(metadata, io.inputs[0]?.dims ?? [], fileName),
      family: ULTRALYTICS_OBB_FAMILY_ID,
      task: 'obb',
      decode: {},
      defaults: { ...ULTRALYTICS_OBB_DEFAULTS },
    };
  },
};
