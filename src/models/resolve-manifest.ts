// A model file with no manifest of its own → its manifest: the family the user
// chose (or the one the registry recognises) plus class names from a labels file.
import { bareModelSupport, manifestForBareModel } from './registry';
import { ModelLayoutError } from './shared/errors';
import type { ModelIO } from './shared/model-io';
import type { ModelManifest } from './types';

export function resolveBareManifest(
  io: ModelIO,
  metadata: Record<string, string>,
  fileName: string,
  familyId?: string,
  labels?: string[],
): ModelManifest {
  let manifest: ModelManifest;
  if (familyId) {
    const support = bareModelSupport.find((s) => s.familyId === familyId);
    if (!support) {
      const known = bareModelSupport.map((s) => s.familyId).join(', ');
      throw new ModelLayoutError(`model family "${familyId}" was asked for`, `one of ${known}`);
    }
    manifest = support.manifest(io, metadata, fileName);
  } else {
    manifest = manifestForBareModel(io, metadata, fileName);
  }
  if (!labels) return manifest;
  // NMS-free heads report class indices, not a class count: any list fits.
  const countKnown = manifest.decode.layout !== 'end2end';
  if (countKnown && labels.length !== manifest.classNames.length) {
    throw new ModelLayoutError(
      `the labels file has ${labels.length} class names`,
      `one per class the model predicts (${manifest.classNames.length})`,
    );
  }
  return { ...manifest, classNames: labels };
}
