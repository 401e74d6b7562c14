import type { ModelManifest } from '../types';
import type { BareModelSupport } from '../shared/bare-model';
import { defaultClassNames, idFromFileName } from '../shared/bare-model';
import { ModelLayoutError } from '../shared/errors';
import type { ModelIO } from '../shared/model-io';
import { formatDims, imageInputOf, staticDim } from '../shared/model-io';
import {
  CLASSIFICATION_DEFAULTS,
  CLASSIFICATION_EXPECTS,
  CLASSIFICATION_FAMILY_ID,
  imagenetPreprocess,
} from './meta';

/** Class count of a single [batch,C] or [batch,C,1,1] output; batch may be dynamic. */
function classCountOf(io: ModelIO): number | null {
  if (io.outputs.length !== 1) return null;
  const dims = (io.outputs[0] as ModelIO['outputs'][number]).dims;
  if (dims.length !== 2 && !(dims.length === 4 && dims[2] === 1 && dims[3] === 1)) return null;
  const batch = staticDim(dims[0]);
  const classes = staticDim(dims[1]);
  if ((batch !== undefined && batch !== 1) || classes === undefined || classes < 2) return null;
  return classes;
}

function classificationManifest(
  io: ModelIO,
  _metadata: Record<string, string>,
  fileName: string,
): ModelManifest {
  const input = imageInputOf(io);
  const classes = classCountOf(io);
  if (classes === null) {
    throw new ModelLayoutError(
      `outputs are ${io.outputs.map((o) => `${o.name} ${formatDims(o.dims)}`).join(', ')}`,
      CLASSIFICATION_EXPECTS,
    );
  }
  const id = idFromFileName(fileName);
  return {
    id,
    name: id,
    family: CLASSIFICATION_FAMILY_ID,
    task: 'classify',
    file: fileName,
    // ImageNet's 1000 names are not bundled: give a labels file.
    classNames: defaultClassNames(classes),
    preprocess: imagenetPreprocess(input.width ?? 224, input.height ?? 224, input.layout),
    decode: { activation: 'auto' },
    defaults: { ...CLASSIFICATION_DEFAULTS },
  };
}

export const classificationBareModel: BareModelSupport = {
  familyId: CLASSIFICATION_FAMILY_ID,
  expects: CLASSIFICATION_EXPECTS,

  recognise(io, metadata) {
    // A model whose metadata names a task (Ultralytics exports) belongs to the family of that task.
    if (metadata.task !== undefined) return null;
    const classes = classCountOf(io);
    const out = io.outputs[0];
    return classes === null || !out
      ? null
      : `output "${out.name}" ${formatDims(out.dims)}: one score per class (${classes} classes)`;
  },

  manifest: classificationManifest,
};
