// Decoding an image classifier's scores (shared by the classification and
// Ultralytics -cls families): probabilities, the classes kept, margin and entropy.
import type { ClassCandidate, DecodeOptions, LetterboxTransform, TensorData } from '../types';
import { classThreshold } from './candidates';
import { ModelLayoutError } from './errors';
import { formatDims } from './model-io';
import { floatData } from './tensor';
import { margin, normalizedEntropy, toProbabilities } from './probabilities';

/**
 * How scores become probabilities. `auto`: softmax unless the values already
 * look like a distribution (all in 0..1 and summing to 1); a multi-label
 * model with independent sigmoid outputs must say `none` (or `sigmoid` for logits).
 */
export type ClassActivation = 'auto' | 'softmax' | 'sigmoid' | 'none';

export function readActivation(decode: Record<string, unknown>): ClassActivation {
  const a = decode.activation;
  return a === 'softmax' || a === 'sigmoid' || a === 'none' ? a : 'auto';
}

export const CLASSIFICATION_EXPECTS = 'one output [1,classes] of scores (image classification)';

/** The class scores of a [1,C] (or [1,C,1,1]) output. */
export function classScores(tensor: TensorData, name: string): Float32Array {
  const { dims } = tensor;
  const classes = dims.reduce((a, b) => a * b, 1);
  const batchOne = dims[0] === 1 && dims.slice(2).every((d) => d === 1);
  if (dims.length < 2 || !batchOne || classes < 2) {
    throw new ModelLayoutError(
      `output "${name}" has shape ${formatDims(dims)}`,
      CLASSIFICATION_EXPECTS,
    );
  }
  return floatData(tensor, name);
}

/** The image area the model saw (centre crop or all of it), in original pixels. */
function seenRegion(t: LetterboxTransform, inputWidth: number, inputHeight: number) {
  const x0 = Math.max(0, -t.padX / t.scaleX);
  const y0 = Math.max(0, -t.padY / t.scaleY);
  const x1 = Math.min(t.srcWidth, (inputWidth - t.padX) / t.scaleX);
  const y1 = Math.min(t.srcHeight, (inputHeight - t.padY) / t.scaleY);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/**
 * Class scores → the top class always (its probability is the task's
 * certainty even when low), then every other class reaching its confidence
 * threshold, best first, at most `maxDetections` (≤ 0: no cap). Each carries
 * the distribution's margin and normalised entropy.
 */
export function decodeClasses(
  tensor: TensorData,
  name: string,
  activation: ClassActivation,
  input: { width: number; height: number },
  transform: LetterboxTransform,
  options: DecodeOptions,
): ClassCandidate[] {
  const p = toProbabilities(classScores(tensor, name), activation);
  const order = Array.from(p.keys()).sort((a, b) => (p[b] as number) - (p[a] as number));
  const region = seenRegion(transform, input.width, input.height);
  const shared = { ...region, margin: margin(p), entropy: normalizedEntropy(p) };
  const max = options.maxDetections > 0 ? options.maxDetections : Infinity;
  const out: ClassCandidate[] = [];
  for (const [rank, classIndex] of order.entries()) {
    if (out.length >= max) break;
    const score = p[classIndex] as number;
    if (rank > 0 && !(score >= classThreshold(classIndex, options))) continue;
    out.push({ kind: 'class', classIndex, score, ...shared });
  }
  return out;
}
