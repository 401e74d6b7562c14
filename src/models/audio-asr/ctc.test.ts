// Greedy CTC: the rules on hand-made logits, then a tiny wav2vec2-shaped graph
// (built here) on onnxruntime-node through the transcriber.
import { describe, expect, it } from 'vitest';
import {
  encodeModel,
  floatTensor,
  int64Tensor,
  io,
  node,
} from '../../../test/audio/tiny-onnx-graph';
import { ctcGreedy, ctcVocabulary, normalizeWaveform } from './ctc';
import { ctcTranscriber } from './ctc-transcriber';
import { openNodeAsrSession } from './node-asr';

const VOCAB = { '<pad>': 0, '<s>': 1, '</s>': 2, '<unk>': 3, '|': 4, H: 5, I: 6 };
const vocab = ctcVocabulary(VOCAB);

/** One-hot-ish logits: the given token wins each frame. */
function logitsOf(frames: number[]): Float32Array {
  const out = new Float32Array(frames.length * 7).fill(-5);
  frames.forEach((token, f) => (out[f * 7 + token] = 5));
  return out;
}

describe('ctcGreedy', () => {
  it('merges repeats, drops blanks and specials, turns "|" into spaces', () => {
    // H H _ I | | H _ H I <unk> → "HI HHI"
    const frames = [5, 5, 0, 6, 4, 4, 5, 0, 5, 6, 3];
    const { text, score } = ctcGreedy(logitsOf(frames), frames.length, vocab);
    expect(text).toBe('HI HHI');
    expect(score).toBeGreaterThan(0.99);
  });

  it('gives an empty text for all-blank frames', () => {
    expect(ctcGreedy(logitsOf([0, 0, 0]), 3, vocab).text).toBe('');
  });

  it('names a vocabulary without its blank', () => {
    expect(() => ctcVocabulary({ a: 0 }, {}, 'my/vocab.json')).toThrow(
      'my/vocab.json: no pad token "<pad>" (the CTC blank)',
    );
  });

  it('normalises a waveform to zero mean and unit variance', () => {
    const x = normalizeWaveform(Float32Array.from([1, 2, 3, 4]));
    const mean = x.reduce((a, b) => a + b, 0) / 4;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
    expect(mean).toBeCloseTo(0, 6);
    expect(variance).toBeCloseTo(1, 4);
  });
});

describe('CTC transcriber on a tiny wav2vec2-shaped graph', () => {
  // 320-sample frames (wav2vec2's stride); a frame of constant level v scores
  // token k as 2·m_k·v − m_k², so the token whose level m_k is nearest v wins.
  const LEVELS = [0, 9, 9, 9, 0.2, 0.4, 0.6];
  const w = new Float32Array(320 * 7);
  for (let i = 0; i < 320; i++) LEVELS.forEach((m, k) => (w[i * 7 + k] = (2 * m) / 320));
  const bytes = encodeModel({
    nodes: [
      node('Reshape', ['input_values', 'frames_shape'], ['frames']),
      node('MatMul', ['frames', 'w'], ['scores']),
      node('Add', ['scores', 'b'], ['logits']),
    ],
    initializers: [
      int64Tensor('frames_shape', [3], [1, -1, 320]),
      floatTensor('w', [320, 7], w),
      floatTensor(
        'b',
        [7],
        LEVELS.map((m) => -m * m),
      ),
    ],
    inputs: [io('input_values', 'float32', ['batch', 'samples'])],
    outputs: [io('logits', 'float32', ['batch', 'frames', 7])],
  });

  it('reads the text the frame levels spell', async () => {
    const session = await openNodeAsrSession(bytes);
    const levels = [0, 0.4, 0.4, 0, 0.6, 0.2, 0.4, 0, 0.4, 0.6];
    const samples = new Float32Array(levels.length * 320);
    levels.forEach((v, f) => samples.fill(v, f * 320, (f + 1) * 320));
    const result = await ctcTranscriber(session, vocab, { normalize: false })(samples);
    expect(result.text).toBe('HI HHI');
    await session.release();
  });

  it('says when the logits do not match the vocabulary', async () => {
    const session = await openNodeAsrSession(bytes);
    const small = ctcVocabulary({ '<pad>': 0, a: 1 });
    await expect(
      ctcTranscriber(session, small, { normalize: false })(new Float32Array(640)),
    ).rejects.toThrow('CTC model: logits have 7 classes but the vocabulary has 2 tokens');
    await session.release();
  });
});
