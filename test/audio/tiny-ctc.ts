// A wav2vec2-shaped CTC package with tiny "random" weights, written into a
// folder: `model.onnx` (input_values [batch, samples] → logits [batch,
// frames, vocab], one frame per 320 samples through a strided Conv, as
// wav2vec2's feature encoder) and `vocab.json`. Each frame's energy (mean
// square of the normalised samples) picks the token whose level is nearest
// (logit 2·m·e − m², plus small noise), so quiet frames give the blank,
// louder ones "|" and letters: real speech spells a varied text with
// repeats, blanks and word delimiters for greedy CTC to resolve.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeModel, floatTensor, int64Tensor, io, node, seededRandom } from './tiny-onnx-graph';

export const CTC_VOCAB: Record<string, number> = {
  '<pad>': 0,
  '<s>': 1,
  '</s>': 2,
  '<unk>': 3,
  '|': 4,
  E: 5,
  T: 6,
  A: 7,
  O: 8,
};
/** The frame energy each token stands for (the specials never win). */
const LEVELS = [0, 1e3, 1e3, 1e3, 0.15, 0.5, 1.2, 3, 6];
export const CTC_FRAME = 320;

export function tinyCtcModel(seed = 11): Uint8Array {
  const random = seededRandom(seed);
  const noise = () => (random() - 0.5) * 0.01;
  const vocab = LEVELS.length;
  return encodeModel({
    nodes: [
      node('Unsqueeze', ['input_values', 'channel_axis'], ['signal']),
      node('Mul', ['signal', 'signal'], ['power']),
      node('Conv', ['power', 'mean_kernel'], ['energy'], {
        kernel_shape: [CTC_FRAME],
        strides: [CTC_FRAME],
      }),
      node('Transpose', ['energy'], ['frames'], { perm: [0, 2, 1] }),
      node('MatMul', ['frames', 'w'], ['scores']),
      node('Add', ['scores', 'b'], ['logits']),
    ],
    initializers: [
      int64Tensor('channel_axis', [1], [1]),
      floatTensor('mean_kernel', [1, 1, CTC_FRAME], new Array(CTC_FRAME).fill(1 / CTC_FRAME)),
      floatTensor(
        'w',
        [1, vocab],
        LEVELS.map((m) => 2 * m + noise()),
      ),
      floatTensor(
        'b',
        [vocab],
        LEVELS.map((m) => -m * m + noise()),
      ),
    ],
    inputs: [io('input_values', 'float32', ['batch', 'samples'])],
    outputs: [io('logits', 'float32', ['batch', 'frames', vocab])],
  });
}

/** Writes `model.onnx` and `vocab.json` into `dir`. */
export function writeTinyCtc(dir: string, seed?: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), tinyCtcModel(seed));
  writeFileSync(join(dir, 'vocab.json'), JSON.stringify(CTC_VOCAB));
}
