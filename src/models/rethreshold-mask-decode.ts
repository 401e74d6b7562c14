// The relaxed decode of a mask family's run, by family: what a task keeps so
// that later settings need no inference (rethreshold-masks.ts).
import type { RawCandidates } from './rethreshold';
import type { RawMaskCandidate } from './rethreshold-masks';
import { rawDecodeSemantic } from './semantic-seg/raw-decode';
import { readSemanticSettings, SEMANTIC_SEG_FAMILY_ID } from './semantic-seg/meta';
import type { DecodeOptions, LetterboxTransform, ModelManifest, TensorData } from './types';
import { rawDecodeSegment } from './ultralytics-seg/raw-decode';
import { ULTRALYTICS_SEG_FAMILY_ID } from './ultralytics-seg/meta';

/** Null for a mask family that keeps nothing (its runs cannot be re-thresholded). */
export function rawMaskDecode(
  familyId: string,
  outputs: Record<string, TensorData>,
  transform: LetterboxTransform,
  manifest: ModelManifest,
  options: DecodeOptions,
): RawCandidates<RawMaskCandidate> | null {
  if (familyId === ULTRALYTICS_SEG_FAMILY_ID) {
    return rawDecodeSegment(outputs, transform, manifest, options);
  }
  if (familyId === SEMANTIC_SEG_FAMILY_ID) return rawDecodeSemantic(outputs, transform, manifest);
  return null;
}

/** The semantic family's min-area filter (a fraction of the covered cells), else undefined. */
export function minAreaFractionOf(familyId: string, manifest: ModelManifest): number | undefined {
  return familyId === SEMANTIC_SEG_FAMILY_ID
    ? readSemanticSettings(manifest.decode).minAreaFraction
    : undefined;
}
