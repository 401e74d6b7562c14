// What model families hand to core for images, structurally (core does not
// import the model folders): each kind mirrors one Candidate of models/types.
import type { DetectedBox } from './to-results';

export interface DetectedBoxCandidate extends DetectedBox {
  kind: 'box';
}

/** A binary mask (nonzero = object) laid over part of the ORIGINAL image. */
export interface DetectedMaskGrid {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
  placement: { x: number; y: number; width: number; height: number };
}

export interface DetectedMask extends DetectedBox {
  kind: 'mask';
  mask: DetectedMaskGrid;
}

export interface DetectedClass {
  kind: 'class';
  classIndex: number;
  /** Probability 0..1. */
  score: number;
  margin?: number;
  entropy?: number;
}

export interface DetectedKeypoint {
  x: number;
  y: number;
  score: number;
}

export interface DetectedKeypoints extends DetectedBox {
  kind: 'keypoints';
  keypoints: readonly DetectedKeypoint[];
}

export type VisionCandidate =
  DetectedBoxCandidate | DetectedMask | DetectedClass | DetectedKeypoints;

export type VisionCandidateKind = VisionCandidate['kind'];

const KINDS: readonly string[] = ['box', 'mask', 'class', 'keypoints'];

/** Narrows a model's candidate (which may be of kinds core does not map here, e.g. text). */
export function isVisionCandidate(c: { kind: string }): c is VisionCandidate {
  return KINDS.includes(c.kind);
}
