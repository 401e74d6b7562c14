import type { TensorFamily, TensorData } from '../types';
import { yoloxBareModel } from './bare';
import { relaxedDecode } from '../rethreshold';
import { ModelLayoutError } from '../shared/errors';
import { formatDims } from '../shared/model-io';
import { preprocessImage } from '../shared/preprocess';
import { decodeYolox } from './decode';
import { readDecodeSettings, YOLOX_FAMILY_ID } from './meta';

function headOutput(outputs: Record<string, TensorData>): [string, TensorData] {
  const entry = Object.entries(outputs).find(([, t]) => t.dims.length === 3);
  if (entry) return entry;
  const found = Object.entries(outputs)
    .map(([n, t]) => `${n} ${formatDims(t.dims)}`)
    .join(', ');
  throw new ModelLayoutError(`outputs are ${found || 'none'}`, '[1,N,5+classes] (YOLOX)');
}

export const yoloxFamily: TensorFamily<'image'> = {
  kind: 'tensor',
  modality: 'image',
  id: YOLOX_FAMILY_ID,
  displayName: 'YOLOX (Megvii)',

  resultKinds: ['box'],
  bare: yoloxBareModel,
  preprocess(image, manifest, inputName, out) {
    const { tensor, transform } = preprocessImage(image, manifest.preprocess, out);
    return { feeds: { [inputName]: tensor }, transform };
  },

  decode(outputs, transform, manifest, options) {
    const [name, tensor] = headOutput(outputs);
    const settings = readDecodeSettings(manifest.decode);
    const geometry = {
      width: manifest.preprocess.width,
      height: manifest.preprocess.height,
      strides: settings.strides,
      decoded: settings.decoded,
    };
    return decodeYolox(tensor, name, manifest.classNames.length, geometry, transform, options);
  },

  rethreshold: {
    suppression: () => 'class-aware',
    rawDecode: (outputs, transform, manifest, options) =>
      relaxedDecode(yoloxFamily.decode, outputs, transform, manifest, options),
  },
};
