// --model for text configs: the built-in entity tagger (`builtin-entities`),
// or a folder holding a text classifier (manifest.json, family
// text-classification), a BERT-style token classifier (tokenizer.json +
// config.json with BIO id2label + model.onnx) or a generation model
// (llama2.c or Hugging Face layout). Undefined: not a text model (the image
// path takes it).
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { TextTargetKind } from '../core/mapping';
import { modelBytesHash } from '../core/predict';
import {
  openNodeTensorSession,
  type NodeTensorBackend,
} from '../models/shared/node-tensor-session';
import type { PackageReader, TextPredictor } from '../models/shared/text-family';
import {
  parseTextClassifierManifest,
  textClassificationFamily,
} from '../models/text-classification';
import { openLearnedHead } from '../models/text-classification/learned-head';
import { BUILTIN_TAGGER, textEntitiesFamily } from '../models/text-entities';
import { parseHead } from '../learn';
import type { GenerateOptions, Generation } from '../models/text-generation';
import { pickLmPackage, textGenerationFamily } from '../models/text-generation';

export type CliTextModel =
  | { kind: 'span'; name: string; bytesHash: string; predictor: TextPredictor<string, SpanLike> }
  | {
      kind: 'choices';
      name: string;
      bytesHash: string;
      predictor: TextPredictor<string, ClassLike, Float32Array>;
    }
  | {
      kind: 'textarea';
      name: string;
      bytesHash: string;
      predictor: TextPredictor<string, Generation, Generation>;
    };

interface SpanLike {
  start: number;
  end: number;
  text: string;
  classIndex: number;
  score: number;
}
interface ClassLike {
  kind: 'class';
  classIndex: number;
  score: number;
  margin: number;
  entropy: number;
}

export const TEXT_KIND_OF: Record<CliTextModel['kind'], TextTargetKind> = {
  span: 'span',
  choices: 'choices',
  textarea: 'textarea',
};

async function listFiles(dir: string, depth = 2): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    // symlinks followed: the Hugging Face cache links snapshot files to blobs
    const info = entry.isSymbolicLink() ? await stat(full) : entry;
    if (info.isDirectory() && depth > 1) out.push(...(await listFiles(full, depth - 1)));
    else if (info.isFile()) out.push(full);
  }
  return out.map((f) => relative(dir, f)).sort();
}

function reader(dir: string): PackageReader {
  return {
    bytes: async (name) => new Uint8Array(await readFile(join(dir, name))),
    text: (name) => readFile(join(dir, name), 'utf8'),
  };
}

function isTokenClassifier(configText: string): boolean {
  const config = JSON.parse(configText) as { architectures?: unknown; id2label?: unknown };
  const archs = Array.isArray(config.architectures) ? config.architectures : [];
  if (archs.some((a) => typeof a === 'string' && a.endsWith('ForTokenClassification'))) return true;
  const tags = Object.values((config.id2label ?? {}) as Record<string, unknown>);
  return tags.some((t) => typeof t === 'string' && /^[BIES][-_]/.test(t));
}

/** A head file from `prelabel train`: text heads fill <Choices>; image heads need their backbone. */
async function openHeadFile(path: string): Promise<CliTextModel> {
  const bytes = new Uint8Array(await readFile(path));
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const head = parseHead(json, path);
  if (head.learner !== 'text-tfidf-logreg') {
    throw new Error(
      `${path} is an image head (on a backbone's features): predicting with it is not built yet; use it in the app`,
    );
  }
  return {
    kind: 'choices',
    name: head.modelVersion,
    bytesHash: await modelBytesHash(bytes),
    predictor: openLearnedHead(head),
  };
}

const hashOf = async (dir: string, file: string) =>
  modelBytesHash(new Uint8Array(await readFile(join(dir, file))));

export async function openCliTextModel(
  spec: string,
  generation: GenerateOptions,
  backend: NodeTensorBackend = 'node',
): Promise<CliTextModel | undefined> {
  if (spec === BUILTIN_TAGGER.id) {
    // no weights: the version names the tagger and its class list
    const bytesHash = await modelBytesHash(
      new TextEncoder().encode(`${BUILTIN_TAGGER.id}:${BUILTIN_TAGGER.source}`),
    );
    return { kind: 'span', name: BUILTIN_TAGGER.id, bytesHash, predictor: BUILTIN_TAGGER.open() };
  }
  if (spec.endsWith('.json') && existsSync(spec) && (await stat(spec)).isFile()) {
    return openHeadFile(spec);
  }
  if (!existsSync(spec) || !(await stat(spec)).isDirectory()) return undefined;
  const names = await listFiles(spec);
  const read = reader(spec);
  const name = spec.replace(/\/+$/, '').split('/').pop() ?? spec;
  if (names.includes('manifest.json')) {
    const json: unknown = JSON.parse(await read.text('manifest.json'));
    if ((json as { family?: unknown }).family !== 'text-classification') return undefined;
    const manifest = parseTextClassifierManifest(join(spec, 'manifest.json'), json);
    const session = await openNodeTensorSession(join(spec, manifest.file), backend);
    return {
      kind: 'choices',
      name: manifest.id,
      bytesHash: await hashOf(spec, manifest.file),
      predictor: await textClassificationFamily.open(session, read, manifest),
    };
  }
  if (names.includes('tokenizer.json') && names.includes('config.json')) {
    if (isTokenClassifier(await read.text('config.json'))) {
      const model = names.find((n) => n === 'model.onnx' || n === 'onnx/model.onnx');
      if (!model)
        throw new Error(`${spec}: a token classifier needs model.onnx next to tokenizer.json`);
      const session = await openNodeTensorSession(join(spec, model), backend);
      return {
        kind: 'span',
        name,
        bytesHash: await hashOf(spec, model),
        predictor: await textEntitiesFamily.open(session, read, {}),
      };
    }
  }
  let pkg;
  try {
    pkg = pickLmPackage(names);
  } catch {
    return undefined;
  }
  const session = await openNodeTensorSession(join(spec, pkg.model), backend);
  return {
    kind: 'textarea',
    name,
    bytesHash: await hashOf(spec, pkg.model),
    predictor: await textGenerationFamily.open(session, read, { files: names, ...generation }),
  };
}
