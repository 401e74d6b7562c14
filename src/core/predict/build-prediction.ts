// Any image candidates of one task (boxes, masks, classes, keypoint instances)
// → one validated Label Studio prediction, dispatching on the candidate kind
// and on each target control's kind. Boxes alone may keep using
// buildBoxPrediction; both end in finishPrediction.
import type { ClassResultOptions } from '../mapping/classes-to-results';
import { classesToResults } from '../mapping/classes-to-results';
import type { KeypointResultOptions } from '../mapping/keypoints-to-results';
import { keypointsToResults } from '../mapping/keypoints-to-results';
import type { MaskResultOptions } from '../mapping/masks-to-results';
import { masksToResults } from '../mapping/masks-to-results';
import type { DetectedBox } from '../mapping/to-results';
import { boxesToResults } from '../mapping/to-results';
import type {
  DetectedClass,
  DetectedKeypoints,
  DetectedMask,
  VisionCandidate,
  VisionCandidateKind,
} from '../mapping/vision-candidates';
import type { VisionTarget } from '../mapping/vision-targets';
import { TARGET_KINDS } from '../mapping/vision-targets';
import { closestNearMiss, type NearMiss } from '../active/prediction-score';
import { createIdGenerator } from '../results/ids';
import { polygonResult } from '../results/polygon';
import { rectangleCorners } from '../results/rectangle';
import type { LsResult } from '../results/types';
import { finishPrediction } from './finish';
import type { FinishedPrediction, PredictionContext } from './finish';

export type VisionPredictionOptions = MaskResultOptions &
  ClassResultOptions &
  KeypointResultOptions;

export interface VisionPredictionInput extends PredictionContext {
  candidates: readonly VisionCandidate[];
  classNames: readonly string[];
  /** Keypoint models: names in model order (manifest.keypointNames). */
  keypointNames?: readonly string[];
  /** From pickVisionTargets (mappings may be edited by the user). */
  targets: readonly VisionTarget[];
  image: { width: number; height: number };
  /** Position of the task in the run: makes region ids unique and stable across re-exports. */
  taskIndex: number;
  options?: VisionPredictionOptions;
}

export interface VisionPrediction extends FinishedPrediction {
  /** Class name → regions dropped because the class maps to nothing. */
  unmapped: Record<string, number>;
  /** Keypoint name → points dropped because the name maps to nothing. */
  unmappedKeypoints: Record<string, number>;
}

export class TargetMismatchError extends Error {}

/** Counts of one target merged with another's: the same candidate dropped twice counts once. */
function mergeCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = Math.max(into[k] ?? 0, v);
}

/** A (possibly rotated) box as a 4-point polygon. */
function boxPolygon(
  box: DetectedBox,
  label: string,
  target: VisionTarget,
  image: { width: number; height: number },
  id: string,
): LsResult | null {
  return polygonResult({
    id,
    fromName: target.fromName,
    toName: target.toName,
    labels: target.hasLabels ? [label] : undefined,
    points: rectangleCorners({ ...box, rotation: box.rotation ?? 0 }),
    imageWidth: image.width,
    imageHeight: image.height,
    score: box.score,
  });
}

/**
 * Checks that every kind of candidate present has a target that can show it
 * (a setup error otherwise: thrown, not reported per task).
 */
function checkTargets(kinds: Set<VisionCandidateKind>, targets: readonly VisionTarget[]): void {
  for (const kind of kinds) {
    if (!targets.some((t) => TARGET_KINDS[kind].includes(t.kind))) {
      throw new TargetMismatchError(
        `${kind} predictions need a ${TARGET_KINDS[kind].join(' or ')} control, but the targets are ${
          targets.map((t) => `${t.fromName} (${t.kind})`).join(', ') || 'none'
        }`,
      );
    }
  }
}

export function buildPrediction(input: VisionPredictionInput): VisionPrediction {
  const { classNames, image, options = {} } = input;
  const nextId = createIdGenerator(`t${input.taskIndex.toString(36)}`);
  const byKind = {
    box: [] as DetectedBox[],
    mask: [] as DetectedMask[],
    class: [] as DetectedClass[],
    keypoints: [] as DetectedKeypoints[],
  };
  for (const c of input.candidates) (byKind[c.kind] as VisionCandidate[]).push(c);
  const kinds = new Set(
    (Object.keys(byKind) as VisionCandidateKind[]).filter((k) => byKind[k].length > 0),
  );
  checkTargets(kinds, input.targets);

  const results: LsResult[] = [];
  const unmapped: Record<string, number> = {};
  const unmappedKeypoints: Record<string, number> = {};
  // Which candidates produced a region, per kind, for the task score.
  const kept = { box: new Set<number>(), mask: new Set<number>(), keypoints: new Set<number>() };
  let classScore: number | undefined;
  let nearMiss: NearMiss | undefined = input.nearMiss;
  // Instance rectangles first, so keypoints can name them as parent.
  const targets = [...input.targets].sort(
    (a, b) => Number(b.kind === 'rectangle') - Number(a.kind === 'rectangle'),
  );
  const instanceBoxIds: (string | undefined)[] = [];

  for (const target of targets) {
    const label = (classIndex: number) =>
      target.mapping[classNames[classIndex] ?? `class ${classIndex}`];
    const count = (classIndex: number, into: Record<string, number>) => {
      const cls = classNames[classIndex] ?? `class ${classIndex}`;
      into[cls] = (into[cls] ?? 0) + 1;
    };
    if (target.kind === 'rectangle' || target.kind === 'polygon') {
      const boxKinds = ['box', 'mask', 'keypoints'] as const;
      for (const kind of boxKinds) {
        if (!TARGET_KINDS[kind].includes(target.kind)) continue;
        // Masks go to polygon targets as masks, not as boxes.
        if (kind === 'mask' && target.kind === 'polygon') continue;
        const dropped: Record<string, number> = {};
        byKind[kind].forEach((box, i) => {
          const l = label(box.classIndex);
          if (l === null || l === undefined) return count(box.classIndex, dropped);
          const result =
            target.kind === 'rectangle'
              ? boxesToResults([box], classNames, target.mapping, { ...target }, image, nextId)
                  .results[0]
              : boxPolygon(box, l, target, image, nextId());
          if (!result) return;
          results.push(result);
          kept[kind].add(i);
          if (kind === 'keypoints') instanceBoxIds[i] = result.id;
        });
        mergeCounts(unmapped, dropped);
      }
    }
    if ((target.kind === 'polygon' || target.kind === 'mask') && byKind.mask.length > 0) {
      const mapped = masksToResults(
        byKind.mask,
        classNames,
        target.mapping,
        {
          fromName: target.fromName,
          toName: target.toName,
          hasLabels: target.hasLabels,
          kind: target.kind,
        },
        image,
        nextId,
        options,
      );
      results.push(...mapped.results);
      mapped.sources.forEach((i) => kept.mask.add(i));
      mergeCounts(unmapped, mapped.unmapped);
    }
    if (target.kind === 'keypoint' && byKind.keypoints.length > 0) {
      // With a rectangle target, instances whose class maps to nothing were dropped whole.
      const hasBoxTarget = input.targets.some((t) => t.kind === 'rectangle');
      const instances = byKind.keypoints.map((inst, i) =>
        hasBoxTarget && instanceBoxIds[i] === undefined ? { ...inst, keypoints: [] } : inst,
      );
      const mapped = keypointsToResults(
        instances,
        input.keypointNames ?? [],
        target.mapping,
        target,
        image,
        nextId,
        options,
        instanceBoxIds,
      );
      results.push(...mapped.results);
      mapped.sources.forEach((i) => kept.keypoints.add(i));
      mergeCounts(unmappedKeypoints, mapped.unmapped);
    }
    if (target.kind === 'choices' && byKind.class.length > 0) {
      const mapped = classesToResults(
        byKind.class,
        classNames,
        target.mapping,
        { fromName: target.fromName, toName: target.toName, multiple: target.multiple ?? false },
        nextId,
        options,
      );
      results.push(...mapped.results);
      classScore ??= mapped.score;
      nearMiss = closestNearMiss(nearMiss, mapped.nearMiss);
      mergeCounts(unmapped, mapped.unmapped);
    }
  }

  // One score per candidate that produced regions (a mask drawn as polygon
  // and brush counts once); a classification contributes its own score.
  const scores: number[] = [];
  for (const kind of ['box', 'mask', 'keypoints'] as const) {
    for (const i of kept[kind]) scores.push((byKind[kind][i] as DetectedBox).score);
  }
  if (classScore !== undefined) scores.push(classScore);
  const context = { ...input, ...(nearMiss ? { nearMiss } : {}) };
  return { ...finishPrediction(results, scores, context), unmapped, unmappedKeypoints };
}
