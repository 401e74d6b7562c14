import type { BareModelSupport } from '../../shared/bare-model';
import { manifestFromOnnxMetadata, ultralyticsTaskOf } from '../manifest';
import {
  ULTRALYTICS_CLS_DEFAULTS,
  ULTRALYTICS_CLS_FAMILY_ID,
  ultralyticsClassifyPreprocess,
} from './meta';

const EXPECTS = 'an Ultralytics -cls export (ONNX metadata task classify)';

/** Ultralytics -cls exports: recognised by their metadata alone (the shape is any classifier's). */
export const ultralyticsClsBareModel: BareModelSupport = {
  familyId: ULTRALYTICS_CLS_FAMILY_ID,
  expects: EXPECTS,

  recognise(_io, metadata) {
    return ultralyticsTaskOf(metadata) === 'classify'
      ? 'ONNX metadata written by Ultralytics (task classify)'
      : null;
  },

  manifest(io, metadata, fileName) {
    const fromMeta = manifestFromOnnxMetadata(metadata, io.inputs[0]?.dims ?? [], fileName);
    return {
      ...fromMeta,
      family: ULTRALYTICS_CLS_FAMILY_ID,
      task: 'classify',
      preprocess: ultralyticsClassifyPreprocess(
        fromMeta.preprocess.width,
        fromMeta.preprocess.height,
      ),
      decode: { activation: 'auto' },
      defaults: { ...ULTRALYTICS_CLS_DEFAULTS },
    };
  },
};
