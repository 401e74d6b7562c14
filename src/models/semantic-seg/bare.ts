import type { ModelManifest } from '../types';
import type { BareModelSupport } from '../shared/bare-model';
import { idFromFileName } from '../shared/bare-model';
import { ModelLayoutError } from '../shared/errors';
import type { ModelIO } from '../shared/model-io';
import { formatDims, imageInputOf, staticDim } from '../shared/model-io';
import {
  SEMANTIC_EXPECTS,
  SEMANTIC_SEG_DEFAULTS,
  SEMANTIC_SEG_FAMILY_ID,
  tfSegmentationPreprocess,
  torchSegmentationPreprocess,
  VOC21_CLASS_NAMES,
} from './meta';

const DEFAULT_SIZE = 512;
/** Smallest plausible grid side: below this a rank-4 output is a feature vector, not a map. */
const MIN_GRID = 8;

/**
 * One rank-4 output laid out like the input (channels last for an NHWC input,
 * first for NCHW) with ≥ 2 classes. Three channels are refused: that is an
 * image-to-image model (style transfer, super-resolution), not class scores.
 */
function classCountOf(io: ModelIO): number | null {
  if (io.outputs.length !== 1) return null;
  const dims = (io.outputs[0] as ModelIO['outputs'][number]).dims;
  if (dims.length !== 4 || (staticDim(dims[0]) ?? 1) !== 1) return null;
  const nhwc = imageInputOf(io).layout === 'NHWC';
  const classes = staticDim(nhwc ? dims[3] : dims[1]);
  const grid = (nhwc ? [dims[1], dims[2]] : [dims[2], dims[3]]).map(staticDim);
  if (classes === undefined || classes < 2 || classes === 3) return null;
  if (grid.some((g) => g !== undefined && g < MIN_GRID)) return null;
  return classes;
}

function semanticManifest(
  io: ModelIO,
  _metadata: Record<string, string>,
  fileName: string,
): ModelManifest {
  const classes = classCountOf(io);
  if (classes === null) {
    throw new ModelLayoutError(
      `outputs are ${io.outputs.map((o) => `${o.name} ${formatDims(o.dims)}`).join(', ')}`,
      SEMANTIC_EXPECTS,
    );
  }
  const input = imageInputOf(io);
  const width = input.width ?? DEFAULT_SIZE;
  const height = input.height ?? DEFAULT_SIZE;
  const id = idFromFileName(fileName);
  return {
    id,
    name: id,
    family: SEMANTIC_SEG_FAMILY_ID,
    task: 'semantic',
    file: fileName,
    classNames:
      classes === VOC21_CLASS_NAMES.length
        ? [...VOC21_CLASS_NAMES]
        : Array.from({ length: classes }, (_, i) => `class${i}`),
    // TensorFlow exports (NHWC) scale to −1..1; PyTorch ones use ImageNet mean/std.
    preprocess:
      input.layout === 'NHWC'
        ? tfSegmentationPreprocess(width, height)
        : torchSegmentationPreprocess(width, height),
    decode: { layout: input.layout, backgroundIndex: 0, minAreaFraction: 0.001 },
    defaults: { ...SEMANTIC_SEG_DEFAULTS },
  };
}

export const semanticSegBareModel: BareModelSupport = {
  familyId: SEMANTIC_SEG_FAMILY_ID,
  expects: SEMANTIC_EXPECTS,

  recognise(io) {
    const classes = classCountOf(io);
    const out = io.outputs[0];
    return classes === null || !out
      ? null
      : `output "${out.name}" ${formatDims(out.dims)}: ${classes} class scores per pixel`;
  },

  manifest: semanticManifest,
};
