// What `prelabel train` (a <Choices> on an <Audio>) and `prelabel serve` (its
// training worker) share for audio heads: each clip's pooled openWakeWord
// embedding (the function the audio-classification family classifies with),
// the dense learner, and the model folder that family opens (head.json + the
// two feature models of the built-in `openwakeword-embedding`). One copy, so
// the server's heads are the CLI's.
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  estimateDenseQuality,
  trainDense,
  type DenseHead,
  type QualityEstimate,
  type TrainTextOptions,
} from '../learn';
import { softmaxLayerText } from '../learn/linear-head';
import {
  FEATURE_FOLDER_FILES,
  SOUND_CLASS_HEAD,
  streamEmbedding,
} from '../models/audio-classification/clip-embedding';
import { EMBEDDING_FILES, loadNodeEmbedding } from '../models/audio-classification/node-embedding';
import { audioStreamOf } from '../models/predictor/audio-stream';
import { BUILTIN_DIR } from './load-model';

export const EMBEDDING_DIR = join(BUILTIN_DIR, 'openwakeword-embedding');

export type EmbeddingModels = Awaited<ReturnType<typeof loadNodeEmbedding>>;

export const openEmbedding = (): Promise<EmbeddingModels> => loadNodeEmbedding(EMBEDDING_DIR);

/** SHA-256 of the two feature models together: names the embeddings a cache holds. */
export async function embeddingSha256(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [EMBEDDING_FILES.mel, EMBEDDING_FILES.embedding]) {
    hash.update(await readFile(join(EMBEDDING_DIR, file)));
  }
  return hash.digest('hex');
}

/**
 * The embedding of each item's audio file (`name` for messages and format
 * sniffing), in order; an item whose file cannot be read or decoded gets its
 * Error and the others go on.
 */
export async function audioEmbeddings<T>(
  models: EmbeddingModels,
  items: readonly T[],
  load: (item: T) => Promise<{ bytes: Uint8Array; name: string }>,
): Promise<(Float32Array | Error)[]> {
  const out: (Float32Array | Error)[] = [];
  for (const item of items) {
    try {
      const { bytes, name } = await load(item);
      out.push(await streamEmbedding(models, audioStreamOf(bytes, name)));
    } catch (error) {
      out.push(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return out;
}

/** The softmax head (one label per clip) on the embeddings, its quality, and its head.json text. */
export function learnAudioHead(
  features: Float32Array[],
  labels: string[][],
  labelList: string[],
  options: TrainTextOptions = {},
): { head: DenseHead; quality: QualityEstimate; text: string } {
  const all = { ...options, labels: labelList, multiple: false };
  const head = trainDense(features, labels, all);
  const quality = estimateDenseQuality(features, labels, all);
  return { head, quality, text: softmaxLayerText(head) };
}

/**
 * Writes the folder `prelabel predict --model DIR` opens: head.json and the
 * feature models (hard links to the built-in files where the file system
 * allows, else copies).
 */
export async function writeAudioModel(
  dir: string,
  headText: string,
  linkFiles = false,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, SOUND_CLASS_HEAD), headText);
  for (const file of FEATURE_FOLDER_FILES) {
    const from = join(EMBEDDING_DIR, file);
    const to = join(dir, file);
    if (linkFiles) {
      await rm(to, { force: true });
      try {
        await link(from, to);
        continue;
      } catch {
        // another file system: copy
      }
    }
    await copyFile(from, to);
  }
}
