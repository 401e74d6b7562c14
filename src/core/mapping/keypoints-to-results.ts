// Keypoint instances → one KeyPointLabels region per visible keypoint. Label
// Studio keypoints are separate regions; `parentID` (outliner nesting only)
// hangs them under their instance's rectangle when one was emitted.
import { keypointResult } from '../results/keypoint';
import type { LsResult } from '../results/types';
import type { LabelMapping } from './auto-map';
import type { DetectedKeypoints } from './vision-candidates';

export interface KeypointTarget {
  fromName: string;
  toName: string;
  /** False for `<KeyPoint>` (no labels). */
  hasLabels: boolean;
}

export interface KeypointResultOptions {
  /** Keypoints below this visibility are not emitted; default 0.5. */
  minKeypointScore?: number;
  /** Point size in % of the image width; default `defaultKeypointWidth`. */
  pointWidth?: number;
}

export interface KeypointResults {
  results: LsResult[];
  /** Index (into the input) of the instance each result came from. */
  sources: number[];
  /** Keypoint name → points dropped because the name maps to no label. */
  unmapped: Record<string, number>;
}

/**
 * `mapping` maps KEYPOINT names (e.g. "nose", from the manifest) to labels.
 * `parentIds[i]` is the id of instance i's rectangle, when one was emitted.
 */
export function keypointsToResults(
  instances: readonly DetectedKeypoints[],
  keypointNames: readonly string[],
  mapping: LabelMapping,
  target: KeypointTarget,
  image: { width: number; height: number },
  nextId: () => string,
  options: KeypointResultOptions = {},
  parentIds: readonly (string | undefined)[] = [],
): KeypointResults {
  const results: LsResult[] = [];
  const sources: number[] = [];
  const unmapped: Record<string, number> = {};
  const minScore = options.minKeypointScore ?? 0.5;
  instances.forEach((instance, index) => {
    instance.keypoints.forEach((point, k) => {
      if (!(point.score >= minScore)) return;
      const name = keypointNames[k] ?? `kp${k}`;
      const label = mapping[name];
      if (label === null || label === undefined) {
        unmapped[name] = (unmapped[name] ?? 0) + 1;
        return;
      }
      const result = keypointResult({
        id: nextId(),
        fromName: target.fromName,
        toName: target.toName,
        labels: target.hasLabels ? [label] : undefined,
        point,
        imageWidth: image.width,
        imageHeight: image.height,
        width: options.pointWidth,
        // The instance's confidence times the point's visibility.
        score: instance.score * point.score,
      });
      if (!result) return;
      const parent = parentIds[index];
      if (parent !== undefined) result.parentID = parent;
      results.push(result);
      sources.push(index);
    });
  });
  return { results, sources, unmapped };
}
