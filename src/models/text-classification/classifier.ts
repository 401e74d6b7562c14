// A text classifier: tokenizer scheme + session → every class's probability.
// All probabilities are kept (re-thresholding, task scores, active learning).
import { loadHfTokenizer } from '../shared/hf-tokenizer';
import { id2labelNames } from '../shared/id2label';
import { parseLabelsFile } from '../shared/labels-file';
import { ModelLayoutError } from '../shared/errors';
import { floatData } from '../shared/tensor';
import type { FeedTensor, TensorSession } from '../shared/tensor-session';
import { idTensor } from '../shared/tensor-session';
import type { TextClassifierManifest } from './manifest';
import { classCandidates } from '../shared/probabilities';
import { toProbabilities } from './scores';
import { encodeWords, parseVocabulary } from './word-vocab';

/** One class of the distribution (the shape core's classesToResults reads). */
export interface TextClassCandidate {
  kind: 'class';
  classIndex: number;
  score: number;
  margin: number;
  entropy: number;
}

export interface TextClassification {
  /** Every class's probability, in model order (the raw form kept for re-thresholding). */
  probabilities: Float32Array;
  /** Classes by falling probability. */
  classes: TextClassCandidate[];
}

export interface TextClassifier {
  manifest: TextClassifierManifest;
  classNames: string[];
  classify(text: string): Promise<TextClassification>;
}

/** Reads a file of the model package by name (fetch, File, fs: the caller's runtime). */
export type ReadPackageText = (name: string) => Promise<string>;

async function classNamesOf(manifest: TextClassifierManifest, read: ReadPackageText) {
  if (manifest.classNames) return manifest.classNames;
  const name = manifest.labels as string;
  const text = await read(name);
  return id2labelNames(name, text) ?? parseLabelsFile(name, text);
}

type Encoder = (text: string) => Record<string, FeedTensor>;

async function makeEncoder(
  manifest: TextClassifierManifest,
  session: TensorSession,
  read: ReadPackageText,
): Promise<Encoder> {
  const tok = manifest.tokenizer;
  const inputs = session.io.inputs.map((i) => i.name);
  if (tok.scheme === 'word-vocab') {
    const vocab = parseVocabulary(tok.vocab, await read(tok.vocab));
    const input = inputs[0] as string;
    const type = session.inputTypes[input] ?? 'int32';
    return (text) => ({
      [input]: idTensor(encodeWords(text, vocab, tok), [1, tok.maxLength], type),
    });
  }
  const configName = tok.config ?? 'tokenizer_config.json';
  const config = await read(configName).catch(() => undefined);
  const hf = loadHfTokenizer(await read(tok.file ?? 'tokenizer.json'), config);
  const max = tok.maxLength ?? 512;
  const idsName = inputs.includes('input_ids') ? 'input_ids' : (inputs[0] as string);
  return (text) => {
    const room = Math.max(0, max - hf.prefix.length - hf.suffix.length);
    const ids = [...hf.prefix, ...hf.pieces(text).slice(0, room), ...hf.suffix];
    const dims = [1, ids.length];
    const feeds: Record<string, FeedTensor> = {
      [idsName]: idTensor(ids, dims, session.inputTypes[idsName]),
    };
    if (inputs.includes('attention_mask'))
      feeds['attention_mask'] = idTensor(
        new Array<number>(ids.length).fill(1),
        dims,
        session.inputTypes['attention_mask'],
      );
    if (inputs.includes('token_type_ids'))
      feeds['token_type_ids'] = idTensor(
        new Array<number>(ids.length).fill(0),
        dims,
        session.inputTypes['token_type_ids'],
      );
    return feeds;
  };
}

export async function openTextClassifier(
  manifest: TextClassifierManifest,
  session: TensorSession,
  read: ReadPackageText,
): Promise<TextClassifier> {
  const classNames = await classNamesOf(manifest, read);
  const encode = await makeEncoder(manifest, session, read);
  const outputName = session.io.outputs[0]?.name;
  if (!outputName)
    throw new ModelLayoutError('the model has no outputs', 'one [1, classes] output');
  const activation = manifest.activation ?? (manifest.multiLabel ? 'sigmoid' : 'auto');
  return {
    manifest,
    classNames,
    async classify(text) {
      const outputs = await session.run(encode(text));
      const out = outputs[outputName];
      if (!out) throw new Error(`the model gave no "${outputName}" output`);
      const row = floatData(out, outputName);
      if (row.length !== classNames.length) {
        throw new ModelLayoutError(
          `output "${outputName}" has ${row.length} values`,
          `one per class (${classNames.length} class names)`,
        );
      }
      const probabilities = toProbabilities(row, activation);
      return { probabilities, classes: classCandidates(probabilities) };
    },
  };
}
