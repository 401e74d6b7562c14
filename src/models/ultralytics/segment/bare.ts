import type { ModelManifest } from '../../types';
import type { BareModelSupport } from '../../shared/bare-model';
import { defaultClassNames, idFromFileName } from '../../shared/bare-model';
import { ModelLayoutError } from '../../shared/errors';
import type { ModelIO } from '../../shared/model-io';
import { formatDims, imageInputOf, staticDim } from '../../shared/model-io';
import { manifestFromOnnxMetadata, ultralyticsTaskOf } from '../manifest';
import { ultralyticsPreprocess } from '../meta';
import { SEG_EXPECTS, ULTRALYTICS_SEG_DEFAULTS, ULTRALYTICS_SEG_FAMILY_ID } from './meta';

const DEFAULT_SIZE = 640;

/** Class count from [1,4+nc+nm,N] + [1,nm,h,w], or null when the outputs are not that. */
function classCountFromShapes(io: ModelIO): number | null {
  if (io.outputs.length !== 2) return null;
  const head = io.outputs.find((o) => o.dims.length === 3);
  const protos = io.outputs.find((o) => o.dims.length === 4);
  if (!head || !protos) return null;
  const rows = staticDim(head.dims[1]);
  const n = staticDim(head.dims[2]);
  const nm = staticDim(protos.dims[1]);
  if (staticDim(head.dims[0]) !== 1 || staticDim(protos.dims[0]) !== 1) return null;
  if (rows === undefined || nm === undefined || rows <= 4 + nm) return null;
  if (n !== undefined && n <= rows) return null;
  return rows - 4 - nm;
}

/** Builds a -seg manifest for a model of this layout (metadata or shapes). */
function segManifest(
  io: ModelIO,
  metadata: Record<string, string>,
  fileName: string,
): ModelManifest {
  const nc = classCountFromShapes(io);
  if (ultralyticsTaskOf(metadata) !== undefined) {
    const fromMeta = manifestFromOnnxMetadata(metadata, io.inputs[0]?.dims ?? [], fileName);
    return {
      ...fromMeta,
      family: ULTRALYTICS_SEG_FAMILY_ID,
      task: 'segment',
      decode: {},
      classNames: fromMeta.classNames.length > 0 ? fromMeta.classNames : defaultClassNames(nc ?? 0),
      defaults: { ...ULTRALYTICS_SEG_DEFAULTS },
    };
  }
  if (nc === null) {
    throw new ModelLayoutError(
      `outputs are ${io.outputs.map((o) => `${o.name} ${formatDims(o.dims)}`).join(', ')}`,
      SEG_EXPECTS,
    );
  }
  const input = imageInputOf(io);
  const id = idFromFileName(fileName);
  return {
    id,
    name: id,
    family: ULTRALYTICS_SEG_FAMILY_ID,
    task: 'segment',
    file: fileName,
    classNames: defaultClassNames(nc),
    preprocess: ultralyticsPreprocess(
      input.width ?? DEFAULT_SIZE,
      input.height ?? DEFAULT_SIZE,
      input.layout,
    ),
    decode: {},
    defaults: { ...ULTRALYTICS_SEG_DEFAULTS },
  };
}

export const ultralyticsSegBareModel: BareModelSupport = {
  familyId: ULTRALYTICS_SEG_FAMILY_ID,
  expects: SEG_EXPECTS,

  recognise(io, metadata) {
    const task = ultralyticsTaskOf(metadata);
    if (task !== undefined) {
      return task === 'segment' ? 'ONNX metadata written by Ultralytics (task segment)' : null;
    }
    const nc = classCountFromShapes(io);
    return nc === null
      ? null
      : `outputs ${io.outputs.map((o) => `"${o.name}" ${formatDims(o.dims)}`).join(' and ')}: boxes + ${nc} classes + mask coefficients, and mask prototypes`;
  },

  manifest: segManifest,
};
