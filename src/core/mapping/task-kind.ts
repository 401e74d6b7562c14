// What a model task produces, so targets can be chosen before the first run.
import type { VisionCandidateKind } from './vision-candidates';

const KIND_OF_TASK: Record<string, VisionCandidateKind> = {
  detect: 'box',
  obb: 'box',
  segment: 'mask',
  semantic: 'mask',
  pose: 'keypoints',
  classify: 'class',
};

/** Undefined for tasks with their own pipeline (ocr, text). */
export function candidateKindOfTask(task: string): VisionCandidateKind | undefined {
  return KIND_OF_TASK[task];
}
