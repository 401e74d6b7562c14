// Re-thresholding without re-inference. A run decodes each task once with
// relaxed options (a low confidence floor, no suppression, at most `cap`
// candidates) and keeps that raw list; any later confidence / per-class /
// IoU / max-detections setting is then applied here, on the raw list, giving
// what the family's own decode would have returned with those settings.
// Masks keep a compact copy of each candidate's mask (rethreshold-masks.ts);
// OCR keeps every line read (ocr/rethreshold.ts).

import type { RawMaskCandidate } from './rethreshold-masks';
import type {
  BoxCandidate,
  Candidate,
  ClassCandidate,
  DecodeOptions,
  KeypointCandidate,
  LetterboxTransform,
  ModelManifest,
  Suppression,
  TensorData,
  TextCandidate,
} from './types';
import { classThreshold, minThreshold } from './shared/candidates';
import { nms } from './shared/nms';
import { rotatedNms } from './shared/oriented-box';
import type { ScoredOrientedBox } from './shared/oriented-box';

/** The candidates a raw decode keeps (masks in compact form). */
export type RawCandidate = BoxCandidate | KeypointCandidate | ClassCandidate | RawMaskCandidate;

export type { Suppression };

export interface RawPlan {
  /** Candidates scoring below this are not kept (later thresholds below it cannot be exact). */
  floor: number;
  /** At most this many candidates per task, best first. */
  cap: number;
}

export const DEFAULT_RAW_PLAN: RawPlan = { floor: 0.05, cap: 300 };

/**
 * Options for the one decode of a run: the lower of the floor and the run's
 * thresholds, and an IoU of 1 (NMS drops a box only when IoU > threshold,
 * which never happens) so nothing is suppressed yet.
 */
export function rawDecodeOptions(
  options: DecodeOptions,
  plan: RawPlan = DEFAULT_RAW_PLAN,
): DecodeOptions {
  return {
    confidence: Math.min(plan.floor, minThreshold(options)),
    iou: 1,
    maxDetections: plan.cap,
  };
}

export interface RawCandidates<C extends RawCandidate = RawCandidate> {
  /** As the relaxed decode returned them: best first. */
  candidates: readonly C[];
  /** The confidence the relaxed decode used. */
  floor: number;
  /** True when the cap was reached (candidates below the last one may be missing). */
  truncated: boolean;
  /** Set when the decode itself chose (an NMS-free -seg head): overrides the family's. */
  suppression?: Suppression;
  /** Semantic segmentation: output cells showing the image (min area is a fraction of them). */
  coveredCells?: number;
  /** OCR: lines read at any score (the best within a byte budget), reading order, original px. */
  lines?: readonly TextCandidate[];
}

export interface Rethresholded<C extends RawCandidate = RawCandidate> {
  candidates: C[];
  /**
   * False when the kept raw list cannot prove this equals a fresh decode:
   * a threshold under the floor, or a full list whose tail may have mattered.
   */
  exact: boolean;
}

/** The relaxed decode's result as RawCandidates. */
export function rawCandidates<C extends RawCandidate>(
  candidates: readonly C[],
  decodeOptions: DecodeOptions,
): RawCandidates<C> {
  return {
    candidates,
    floor: decodeOptions.confidence,
    truncated: decodeOptions.maxDetections > 0 && candidates.length >= decodeOptions.maxDetections,
  };
}

type Decode = (
  outputs: Record<string, TensorData>,
  transform: LetterboxTransform,
  manifest: ModelManifest,
  options: DecodeOptions,
) => Candidate[];

/**
 * The relaxed decode of a family whose own decode already returns what the
 * raw list keeps (boxes, keypoints, classes): its decode at rawDecodeOptions.
 */
export function relaxedDecode(
  decode: Decode,
  outputs: Record<string, TensorData>,
  transform: LetterboxTransform,
  manifest: ModelManifest,
  options: DecodeOptions,
): RawCandidates {
  const relaxed = rawDecodeOptions(options);
  return rawCandidates(decode(outputs, transform, manifest, relaxed) as RawCandidate[], relaxed);
}

function maxOf(options: DecodeOptions): number {
  return options.maxDetections > 0 ? options.maxDetections : Infinity;
}

/** Classification: the top class always, then others reaching their threshold (decodeClasses). */
function keepClasses(raw: readonly ClassCandidate[], options: DecodeOptions): ClassCandidate[] {
  const max = maxOf(options);
  const out: ClassCandidate[] = [];
  for (const [rank, c] of raw.entries()) {
    if (out.length >= max) break;
    if (rank > 0 && !(c.score >= classThreshold(c.classIndex, options))) continue;
    out.push(c);
  }
  return out;
}

/** The centre form rotatedNms works on; `source` leads back to the candidate. */
interface Oriented extends ScoredOrientedBox {
  source: BoxCandidate;
}

/** Inverse of the OBB decode's toCornerForm: corner + rotation → centre + angle. */
function toCentreForm(b: BoxCandidate): Oriented {
  const angle = ((b.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  return {
    cx: b.x + (b.width / 2) * cos - (b.height / 2) * sin,
    cy: b.y + (b.width / 2) * sin + (b.height / 2) * cos,
    w: b.width,
    h: b.height,
    angle,
    classIndex: b.classIndex,
    score: b.score,
    source: b,
  };
}

function suppress<C extends BoxCandidate | KeypointCandidate | RawMaskCandidate>(
  passed: C[],
  options: DecodeOptions,
  suppression: Suppression,
): C[] {
  const max = maxOf(options);
  if (suppression === 'none') return passed.slice(0, max);
  if (suppression === 'rotated') {
    const kept = rotatedNms((passed as BoxCandidate[]).map(toCentreForm), options.iou, max);
    return kept.map((k) => k.source) as C[];
  }
  // nms reads only the box fields, and returns the very objects it was given.
  return nms(passed as unknown as BoxCandidate[], options.iou, true, max) as unknown as C[];
}

/**
 * Applies `options` to a task's raw candidates. All candidates of one task
 * come from one family, so they are one kind (classes, or boxes/instances).
 * `accept`: a family's own filter besides the thresholds (semantic min area).
 */
export function rethreshold<C extends RawCandidate>(
  raw: RawCandidates<C>,
  options: DecodeOptions,
  suppression: Suppression,
  accept: (candidate: C) => boolean = () => true,
): Rethresholded<C> {
  const list = raw.candidates;
  const lowest = minThreshold(options);
  const last = list[list.length - 1];
  const max = maxOf(options);
  let kept: C[];
  if (list[0]?.kind === 'class') {
    kept = keepClasses(list as readonly ClassCandidate[], options) as C[];
  } else {
    const passed = list.filter(
      (c) => c.score >= classThreshold(c.classIndex, options) && accept(c),
    );
    kept = suppress(
      passed as (BoxCandidate | KeypointCandidate | RawMaskCandidate)[],
      options,
      suppression,
    ) as C[];
  }
  // Greedy selection over a best-first list decides each candidate from the
  // ones before it, so a missing tail only matters if selection got that far
  // (a list cut to nothing by a byte budget says nothing of what is missing).
  const tailIrrelevant =
    !raw.truncated || (last !== undefined && lowest > last.score) || kept.length >= max;
  return { candidates: kept, exact: lowest >= raw.floor && tailIrrelevant };
}
