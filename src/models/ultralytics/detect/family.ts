import type {
  DecodeOptions,
  LetterboxTransform,
  ModelManifest,
  TensorData,
  TensorFamily,
} from '../../types';
import { ultralyticsBareModel } from './bare';
import { relaxedDecode } from '../../rethreshold';
import { ModelLayoutError } from '../../shared/errors';
import { formatDims } from '../../shared/model-io';
import { preprocessImage } from '../../shared/preprocess';
import {
  decodeDetect,
  decodeEnd2End,
  decodeYolov5,
  LAYOUT_EXPECTATIONS,
  resolveLayout,
} from './decode';
import { BOX_TASKS, readDecodeSettings, ULTRALYTICS_FAMILY_ID } from '../meta';

/** `output0` when present (Ultralytics' name), else the first rank-3 output. */
function boxOutput(outputs: Record<string, TensorData>): [string, TensorData] {
  const named = outputs.output0;
  if (named) return ['output0', named];
  const entry = Object.entries(outputs).find(([, t]) => t.dims.length === 3);
  if (entry) return entry;
  const found = Object.entries(outputs)
    .map(([n, t]) => `${n} ${formatDims(t.dims)}`)
    .join(', ');
  throw new ModelLayoutError(
    `outputs are ${found || 'none'}`,
    Object.values(LAYOUT_EXPECTATIONS).join(', '),
  );
}

export const ultralyticsFamily: TensorFamily<'image'> = {
  kind: 'tensor',
  modality: 'image',
  id: ULTRALYTICS_FAMILY_ID,
  displayName: 'Ultralytics YOLO (v5u/v8/11/26)',

  resultKinds: ['box'],
  bare: ultralyticsBareModel,
  preprocess(image, manifest, inputName, out) {
    const { tensor, transform } = preprocessImage(image, manifest.preprocess, out);
    return { feeds: { [inputName]: tensor }, transform };
  },

  decode(
    outputs: Record<string, TensorData>,
    transform: LetterboxTransform,
    manifest: ModelManifest,
    options: DecodeOptions,
  ) {
    if (!(BOX_TASKS as readonly string[]).includes(manifest.task)) {
      throw new ModelLayoutError(
        `the model's task is "${manifest.task}"`,
        `one of ${BOX_TASKS.join(', ')} for box decoding`,
      );
    }
    const [name, tensor] = boxOutput(outputs);
    const settings = readDecodeSettings(manifest.decode);
    const nc = manifest.classNames.length;
    switch (resolveLayout(tensor.dims, settings, nc)) {
      case 'end2end':
        return decodeEnd2End(tensor, name, transform, options);
      case 'yolov5':
        return decodeYolov5(tensor, name, nc, transform, options);
      case 'detect':
        // Segment/pose heads append mask coefficients or keypoints after the classes.
        return decodeDetect(tensor, name, nc, manifest.task === 'detect', transform, options);
    }
  },

  rethreshold: {
    suppression: (manifest) =>
      manifest.decode.layout === 'end2end' || manifest.decode.end2end === true
        ? 'none'
        : 'class-aware',
    rawDecode: (outputs, transform, manifest, options) =>
      relaxedDecode(ultralyticsFamily.decode, outputs, transform, manifest, options),
  },
};
