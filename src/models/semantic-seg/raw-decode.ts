// The one relaxed decode of a semantic run, kept for re-thresholding: every
// class present (no confidence, area or count limit) with its mask in
// compact form, and the covered cell count the min-area filter needs.
import type { DecodeOptions, LetterboxTransform, ModelManifest, TensorData } from '../types';
import type { RawCandidates } from '../rethreshold';
import { keepMasks, MASK_RAW_PLAN, type RawMaskCandidate } from '../rethreshold-masks';
import { coveredCellCount } from './class-map';
import { decodeSemantic } from './decode';
import { scoresOutput } from './family';
import { readSemanticSettings } from './meta';

/** Keeps every class: -Infinity passes any score (NaN fails, as in decodeSemantic). */
const KEEP_ALL: DecodeOptions = { confidence: -Infinity, iou: 0, maxDetections: 0 };

export function rawDecodeSemantic(
  outputs: Record<string, TensorData>,
  transform: LetterboxTransform,
  manifest: ModelManifest,
  budget: number = MASK_RAW_PLAN.budget,
): RawCandidates<RawMaskCandidate> {
  const [name, tensor] = scoresOutput(outputs);
  const classCount = manifest.classNames.length;
  const settings = readSemanticSettings(manifest.decode);
  const input = manifest.preprocess;
  // Min area fraction 0: decodeSemantic's floor of 1 cell keeps every class present.
  const all = decodeSemantic(
    tensor,
    name,
    classCount,
    { ...settings, minAreaFraction: 0 },
    input,
    transform,
    KEEP_ALL,
  );
  const kept = keepMasks(all, (c) => c.mask, KEEP_ALL, budget);
  const coveredCells = coveredCellCount(
    tensor,
    name,
    classCount,
    input,
    transform,
    settings.layout,
  );
  return { ...kept, suppression: 'none', coveredCells };
}
