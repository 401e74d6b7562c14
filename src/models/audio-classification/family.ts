// The sound-class family: a pooled openWakeWord embedding per clip and a
// linear head trained on it → `<Choices>` on `<Audio>`. Packages: a folder
// with openWakeWord's two feature models (melspectrogram.onnx,
// embedding_model.onnx) and the head (head.json: classNames, weights, bias).
// The built-in `openwakeword-embedding` has no head: it gives the learner
// its features, and is refused as a model by name.
import type { AudioStream, PackageFamily } from '../types';
import {
  clipEmbeddingOf,
  EMBEDDING_FILES,
  embeddingPart,
  SOUND_CLASS_HEAD,
  streamEmbedding,
} from './clip-embedding';
import { classify, type LinearHead } from './linear-head';

const MEL = EMBEDDING_FILES.mel;
const EMBEDDING = EMBEDDING_FILES.embedding;
const HEAD = SOUND_CLASS_HEAD;

const base = (name: string) => name.split('/').pop() ?? name;

export function parseLinearHead(value: unknown): LinearHead {
  const head = value as Partial<LinearHead> | undefined;
  const numbers = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'number');
  if (
    !head ||
    !Array.isArray(head.classNames) ||
    !head.classNames.every((c) => typeof c === 'string') ||
    !Array.isArray(head.weights) ||
    !head.weights.every(numbers) ||
    !numbers(head.bias)
  ) {
    throw new Error(
      `${HEAD}: expected {classNames: string[], weights: number[][], bias: number[]}`,
    );
  }
  return head as LinearHead;
}

interface Files {
  mel: string;
  embedding: string;
  head: string;
}

export const audioClassificationFamily: PackageFamily<'audio', 'choices', Files> = {
  kind: 'package',
  id: 'audio-classification',
  displayName: 'Sound classes (openWakeWord embedding + trained head)',
  modality: 'audio',
  resultKind: 'choices',
  builtins: [],
  expects: `a sound classifier (${MEL} + ${EMBEDDING} + ${HEAD} with classNames, weights, bias)`,
  recognise({ files }) {
    const find = (name: string) => files.find((f) => base(f) === name);
    const [mel, embedding, head] = [find(MEL), find(EMBEDDING), find(HEAD)];
    if (!mel || !embedding) return null;
    if (!head) {
      throw new Error(
        `the openWakeWord feature models alone only give embeddings: add the trained ${HEAD} (classNames, weights, bias) to classify`,
      );
    }
    return {
      reason: 'openWakeWord feature models + a linear head',
      // The head's bytes name the model in model_version: every such folder
      // has the same feature models, so two heads must not share a version.
      model: head,
      settings: { mel, embedding, head },
    };
  },
  async open(openSession, read, match, options) {
    const { settings } = match;
    let json: unknown;
    try {
      json = JSON.parse(await read.text(settings.head));
    } catch (error) {
      throw new Error(`${HEAD} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const head = parseLinearHead(json);
    // A learner that holds the same (built-in) feature models embeds for it;
    // else this folder's own copies are opened.
    const embed =
      clipEmbeddingOf(options) ??
      (await (async () => {
        const models = {
          mel: embeddingPart(await openSession(settings.mel)),
          embedding: embeddingPart(await openSession(settings.embedding)),
        };
        return (audio: AudioStream) => streamEmbedding(models, audio);
      })());
    return {
      classNames: head.classNames,
      async predict(audio) {
        // A clip is classified whole (sound-class clips are short).
        const scores = classify(head, await embed(audio));
        const candidates = scores.map((s) => ({
          kind: 'class' as const,
          classIndex: s.classIndex,
          score: s.score,
        }));
        return { candidates, raw: scores };
      },
    };
  },
};
