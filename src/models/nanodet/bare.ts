import type { BareModelSupport } from '../shared/bare-model';
import { defaultClassNames, idFromFileName } from '../shared/bare-model';
import type { ModelIO } from '../shared/model-io';
import { imageInputOf } from '../shared/model-io';
import {
  NANODET_DEFAULTS,
  NANODET_FAMILY_ID,
  NANODET_REG_MAX,
  NANODET_STRIDES,
  nanodetPreprocess,
} from './meta';
import { pickLevels, rowsCols } from './outputs';

const DEFAULT_SIZE = 320;

/** Pairs outputs with the default strides/bins; throws ModelLayoutError if they do not pair. */
function classCountOf(io: ModelIO): number {
  const input = imageInputOf(io);
  const levels = pickLevels(
    io.outputs,
    input.width ?? DEFAULT_SIZE,
    input.height ?? DEFAULT_SIZE,
    NANODET_STRIDES,
    NANODET_REG_MAX,
    0,
  );
  const first = io.outputs.find((o) => o.name === levels[0]?.classOutput);
  return first ? (rowsCols(first.dims)?.[1] ?? 0) : 0;
}

export const nanodetBareModel: BareModelSupport = {
  familyId: NANODET_FAMILY_ID,
  expects: `six outputs, per stride 8/16/32 one [cells,classes] and one [cells,${4 * (NANODET_REG_MAX + 1)}] (NanoDet)`,

  recognise(io) {
    const input = imageInputOf(io);
    const fixedNchw =
      input.width !== undefined && input.height !== undefined && input.layout === 'NCHW';
    if (!fixedNchw || io.outputs.length !== 2 * NANODET_STRIDES.length) return null;
    try {
      const nc = classCountOf(io);
      return `${io.outputs.length} outputs pair up per stride ${NANODET_STRIDES.join('/')} as ${nc} class scores + box distributions`;
    } catch {
      return null;
    }
  },

  manifest(io, _metadata, fileName) {
    const input = imageInputOf(io);
    const classCount = classCountOf(io);
    const id = idFromFileName(fileName);
    return {
      id,
      name: id,
      family: NANODET_FAMILY_ID,
      task: 'detect',
      file: fileName,
      classNames: defaultClassNames(classCount),
      preprocess: nanodetPreprocess(input.width ?? DEFAULT_SIZE, input.height ?? DEFAULT_SIZE),
      decode: { strides: [...NANODET_STRIDES], regMax: NANODET_REG_MAX, priorOffset: 0.5 },
      defaults: { ...NANODET_DEFAULTS },
    };
  },
};
