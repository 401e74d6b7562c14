// The one relaxed decode of a -seg run, kept for re-thresholding: boxes at
// the plan's floor, unsuppressed, each with its mask in compact form.
import type { DecodeOptions, LetterboxTransform, ModelManifest, TensorData } from '../../types';
import { rawDecodeOptions, type RawCandidates } from '../../rethreshold';
import {
  keepMasks,
  MASK_RAW_PLAN,
  type MaskRawPlan,
  type RawMaskCandidate,
} from '../../rethreshold-masks';
import { segmentDetections } from './decode';
import { outputOfRank } from '../head';
import { SEG_EXPECTS } from './meta';

export function rawDecodeSegment(
  outputs: Record<string, TensorData>,
  transform: LetterboxTransform,
  manifest: ModelManifest,
  options: DecodeOptions,
  plan: MaskRawPlan = MASK_RAW_PLAN,
): RawCandidates<RawMaskCandidate> {
  const relaxed = rawDecodeOptions(options, plan);
  const found = segmentDetections(
    outputOfRank(outputs, 3, 'output0', SEG_EXPECTS),
    outputOfRank(outputs, 4, 'output1', SEG_EXPECTS),
    manifest.classNames.length,
    manifest.preprocess,
    transform,
    relaxed,
  );
  const kept = keepMasks(found.boxes, found.maskOf, relaxed, plan.budget);
  // The head's layout, not the manifest, says whether the decoder suppresses.
  return { ...kept, suppression: found.end2end ? 'none' : 'class-aware' };
}
