import type { BareModelSupport } from '../shared/bare-model';
import { defaultClassNames, idFromFileName } from '../shared/bare-model';
import { ModelLayoutError } from '../shared/errors';
import type { ModelIO } from '../shared/model-io';
import { formatDims, gridCells, imageInputOf, staticDim, sum } from '../shared/model-io';
import { YOLOX_DEFAULTS, YOLOX_FAMILY_ID, YOLOX_STRIDES, yoloxPreprocess } from './meta';

/** [1,N,5+nc] where N is exactly one anchor per cell at strides 8/16/32. */
function classCountOf(io: ModelIO): number | null {
  const input = imageInputOf(io);
  if (input.width === undefined || input.height === undefined || input.layout !== 'NCHW')
    return null;
  const out = io.outputs.length === 1 ? io.outputs[0] : undefined;
  if (!out || out.dims.length !== 3) return null;
  const [batch, n, cols] = out.dims.map(staticDim);
  if (batch !== 1 || cols === undefined || cols <= 5) return null;
  return n === sum(gridCells(input.width, input.height, YOLOX_STRIDES)) ? cols - 5 : null;
}

const EXPECTS = '[1,N,5+classes] with N = one anchor per cell at strides 8/16/32 (YOLOX)';

export const yoloxBareModel: BareModelSupport = {
  familyId: YOLOX_FAMILY_ID,
  expects: EXPECTS,

  recognise(io) {
    const nc = classCountOf(io);
    const out = io.outputs[0];
    return nc === null || !out
      ? null
      : `output "${out.name}" ${formatDims(out.dims)}: one anchor per stride-8/16/32 cell, box + objectness + ${nc} classes`;
  },

  manifest(io, _metadata, fileName) {
    const nc = classCountOf(io);
    const input = imageInputOf(io);
    if (nc === null || input.width === undefined || input.height === undefined) {
      throw new ModelLayoutError(
        `outputs are ${io.outputs.map((o) => `${o.name} ${formatDims(o.dims)}`).join(', ')}`,
        EXPECTS,
      );
    }
    const id = idFromFileName(fileName);
    return {
      id,
      name: id,
      family: YOLOX_FAMILY_ID,
      task: 'detect',
      file: fileName,
      classNames: defaultClassNames(nc),
      preprocess: yoloxPreprocess(input.width, input.height),
      decode: { strides: [...YOLOX_STRIDES] },
      defaults: { ...YOLOX_DEFAULTS },
    };
  },
};
