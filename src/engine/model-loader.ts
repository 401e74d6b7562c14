// Model sources → a ready model, through the predictor's openModel on
// onnxruntime-web: a dropped/downloaded .onnx (family from its metadata and
// layout, or the one the user chose, plus a labels file), or a built-in
// package of the app's models/ folder (a manifest naming its files); text
// models through the predictor's openBuiltinPackage (the entity tagger); an
// image head (a head .json) on the backbone Online learning holds.

import {
  defaultTextThreshold,
  IMAGE_CHOICES_THRESHOLD,
  openBuiltinPackage,
  openModel,
  openPackageModel,
  releaseModel as releaseOpened,
  type OpenedModel,
  type OpenedPackageModel,
} from '../models/predictor';
import {
  bareModelFamilies,
  builtinPackages,
  families,
  PACKAGE_EXPECTED,
  recognisePackage,
} from '../models/registry';
import { parseLabelsFile } from '../models/shared/labels-file';
import type { ModelManifest } from '../models/types';
import type {
  FamilyChoice,
  LoadModelRequest,
  LoadProgress,
  ModelInfo,
  TextBuiltinInfo,
} from './api';
import { fetchPackageManifest, fetchPackageText } from './builtin-package';
import { loadModelBytes } from './model-bytes';
import { packageSourceOf } from './package-files';
import type { PackageSource } from '../models/predictor';
import { modelBackend, webRuntime } from './web-runtime';
import type { HeldBackbone } from './learn/image-heads';
import { BACKBONE_INPUT } from '../models/image-head/backbone';
import { IMAGE_FEATURES_OPTION } from '../models/shared/image-features';

/** An opened model and what the page is told of it. */
export type LoadedImageModel = OpenedModel & { info: ModelInfo };
/** A package family's model: it reads the task's text or audio, or (an image head) its pixels. */
export type LoadedTextModel = OpenedPackageModel & { info: ModelInfo };
export type LoadedModel = LoadedImageModel | LoadedTextModel;

/** The families a user can pick for a bare .onnx (those that recognise one). */
export function familyChoices(): FamilyChoice[] {
  return bareModelFamilies.map((f) => ({ id: f.id, name: f.displayName }));
}

/** The text families' built-ins (no file to drop: the code is the model). */
export function textBuiltins(): TextBuiltinInfo[] {
  return Object.values(builtinPackages).flatMap(({ builtin, family }) =>
    family.modality === 'text'
      ? [
          {
            id: builtin.id,
            name: builtin.name,
            task: builtin.task,
            license: builtin.license,
            source: builtin.source,
            kind: family.resultKind,
          },
        ]
      : [],
  );
}

/** The page's kind of a text or audio package model (a recogniser: `audio-textarea`). */
function packageKindOf(model: OpenedPackageModel): ModelInfo['kind'] {
  if (model.family.modality === 'audio') {
    return (
      model.family.readsRegions ? 'audio-textarea' : `audio-${model.resultKind}`
    ) as ModelInfo['kind'];
  }
  return `text-${model.resultKind as TextBuiltinInfo['kind']}`;
}

/** What the page is told of an opened text model (a built-in has no session, no backend). */
function textModelInfo(
  model: OpenedPackageModel,
  entry: TextBuiltinInfo,
  backend: ModelInfo['backend'] = { backend: 'js', threads: 1, simd: false },
  sizeBytes = 0,
): ModelInfo {
  return {
    id: model.id,
    name: entry.name,
    fileName: model.id,
    kind: packageKindOf(model),
    familyId: model.family.id,
    familyName: model.family.displayName,
    task: entry.task,
    classNames: [...model.predictor.classNames],
    classNamesSource: 'model',
    inputWidth: 0,
    inputHeight: 0,
    // Spans: every span the model finds (the CLI's default); choices: a label's minimum.
    defaults: { confidence: defaultTextThreshold(entry.kind), iou: 0, maxDetections: 0 },
    bytesHash: model.bytesHash,
    license: entry.license,
    source: entry.source,
    backend,
    fromCache: false,
    sizeBytes,
  };
}

/** A reply as `prelabel predict` writes it by default: greedy, a long dialogue keeps its end. */
const GENERATION = { generation: { strategy: 'greedy', keepPromptEnd: true } };

/** An image head file (a broken listing is for openPackageModel to name). */
function imageHeadIn(listing: PackageSource['listing']): boolean {
  try {
    return recognisePackage(listing)?.family.id === 'image-head';
  } catch {
    return false;
  }
}

/** What a load may need besides its files: the backbone Online learning holds (image heads). */
export interface LoadContext {
  /** The backbone held, the kept one of that SHA-256 restored first when none or another is held. */
  backbone?: (sha256?: string) => Promise<HeldBackbone | null>;
}

/**
 * An image head: opened by the image-head family on the backbone Online
 * learning holds, passed as `prelabel predict --backbone` passes its own
 * (IMAGE_FEATURES_OPTION). No backbone, or another one, is refused naming
 * the head and the backbone file it was trained on.
 */
async function loadImageHead(
  name: string,
  source: PackageSource,
  size: number,
  held: HeldBackbone | null,
): Promise<LoadedTextModel> {
  const [file] = source.listing.files;
  const head = (file ? source.listing.json[file] : undefined) as
    { features?: { backbone?: { name?: unknown; sha256?: unknown } } } | undefined;
  const trainedOn = head?.features?.backbone;
  const wanted =
    typeof trainedOn?.name === 'string' ? trainedOn.name : 'the backbone it was trained on';
  const drop = `drop ${wanted} as the backbone in Online learning, then load the head again`;
  if (!held) {
    throw new Error(`${name} is an image head on the features of ${wanted}: ${drop}`);
  }
  if (typeof trainedOn?.sha256 === 'string' && trainedOn.sha256 !== held.info.sha256) {
    throw new Error(
      `${name} was trained on the backbone ${wanted} (SHA-256 ${trainedOn.sha256}), but Online learning holds ${held.info.name} (SHA-256 ${held.info.sha256}): ${drop}`,
    );
  }
  // The head runs no session of its own: the backbone's is Online learning's.
  const model = await openPackageModel(source, webRuntime('wasm'), {
    [IMAGE_FEATURES_OPTION]: held.source,
  });
  if (!model || model.family.id !== 'image-head') {
    await releaseOpened(model);
    throw new Error(`${name}: not an image head`);
  }
  const info: ModelInfo = {
    id: model.id,
    name: model.id,
    fileName: name,
    kind: 'class',
    familyId: model.family.id,
    familyName: model.family.displayName,
    task: 'classification',
    classNames: [...model.predictor.classNames],
    classNamesSource: 'model',
    inputWidth: BACKBONE_INPUT.width,
    inputHeight: BACKBONE_INPUT.height,
    defaults: { confidence: IMAGE_CHOICES_THRESHOLD, iou: 0, maxDetections: 0 },
    bytesHash: model.bytesHash,
    source: model.reason,
    backend: held.backend ?? { backend: 'wasm', threads: 1, simd: false },
    fromCache: false,
    sizeBytes: size,
    backbone: { name: held.info.name, sha256: held.info.sha256 },
  };
  return { ...model, info };
}

/** A dropped text or audio model folder, opened by the package family that claims its files. */
async function loadTextPackage(
  name: string,
  files: NonNullable<Extract<LoadModelRequest['source'], { kind: 'package' }>['files']>,
  backend: LoadModelRequest['backend'],
  context: LoadContext,
): Promise<LoadedTextModel> {
  const source = await packageSourceOf(name, files);
  const size = files.reduce((sum, f) => sum + f.file.size, 0);
  if (imageHeadIn(source.listing)) {
    const [file] = source.listing.files;
    const head = (file ? source.listing.json[file] : undefined) as
      { features?: { backbone?: { sha256?: unknown } } } | undefined;
    const sha = head?.features?.backbone?.sha256;
    const held = (await context.backbone?.(typeof sha === 'string' ? sha : undefined)) ?? null;
    return loadImageHead(name, source, size, held);
  }
  const runtime = webRuntime(backend);
  const model = await openPackageModel(source, runtime, GENERATION);
  if (!model) {
    throw new Error(
      `${name}: no text or audio model family takes these files (expected ${PACKAGE_EXPECTED})`,
    );
  }
  if (model.family.modality === 'image') {
    await releaseOpened(model);
    throw new Error(
      `${name} is a ${model.family.displayName} model: the app runs text and audio packages only`,
    );
  }
  const entry: TextBuiltinInfo = {
    id: model.id,
    name: model.id,
    task: model.family.id,
    license: '',
    source: model.reason,
    kind: model.resultKind as TextBuiltinInfo['kind'],
  };
  const info = textModelInfo(
    model,
    entry,
    runtime.backends.length > 0 ? modelBackend(runtime.backends) : undefined,
    size,
  );
  delete info.license;
  info.fileName = name;
  return { ...model, info };
}

async function loadTextBuiltin(id: string): Promise<LoadedTextModel> {
  const entry = textBuiltins().find((b) => b.id === id);
  const model = entry ? await openBuiltinPackage(id) : null;
  if (!entry || !model) {
    const known = textBuiltins().map((b) => b.id);
    throw new Error(`no built-in text model "${id}" (built in: ${known.join(', ') || 'none'})`);
  }
  return { ...model, info: textModelInfo(model, entry) };
}

export function releaseModel(model: LoadedModel | null): Promise<void> {
  return releaseOpened(model);
}

/** A built-in package read over HTTP: the manifest and the files it names. */
function builtinPackageSource(
  id: string,
  baseUrl: string,
  manifest: ModelManifest,
  onProgress: (p: LoadProgress) => void,
): PackageSource {
  const read = async (name: string): Promise<Uint8Array> => {
    if (!name.toLowerCase().endsWith('.onnx')) {
      return new TextEncoder().encode(await fetchPackageText(baseUrl, name));
    }
    const url = new URL(name, baseUrl).href;
    return (await loadModelBytes({ kind: 'url', url }, onProgress, { cache: false, label: name }))
      .bytes;
  };
  return {
    name: id,
    listing: { files: ['manifest.json', manifest.file], json: { 'manifest.json': manifest } },
    read: {
      bytes: read,
      text: async (name) => new TextDecoder().decode(await read(name)),
    },
  };
}

function builtinPackageModel(
  model: OpenedPackageModel,
  manifest: ModelManifest,
  runtime: ReturnType<typeof webRuntime>,
): LoadedTextModel {
  const entry: TextBuiltinInfo = {
    id: model.id,
    name: manifest.name,
    task: manifest.task,
    license: manifest.license ?? '',
    source: manifest.source ?? '',
    kind: model.resultKind as TextBuiltinInfo['kind'],
  };
  const info = textModelInfo(model, entry, modelBackend(runtime.backends));
  if (!manifest.license) delete info.license;
  return { ...model, info };
}

/** What the page is told of an opened model (its model_version is computed from this). */
export function modelInfoOf(
  model: OpenedModel,
  backends: Parameters<typeof modelBackend>[0],
  fromCache: boolean,
): ModelInfo {
  const { manifest, family } = model;
  const info: ModelInfo = {
    id: model.id,
    name: manifest.name,
    fileName: model.fileName,
    kind: model.kind,
    familyId: family.id,
    familyName: family.displayName,
    task: manifest.task,
    classNames: manifest.classNames,
    classNamesSource: model.classNamesSource,
    inputWidth: manifest.preprocess.width,
    inputHeight: manifest.preprocess.height,
    defaults: manifest.defaults,
    bytesHash: model.bytesHash,
    backend: modelBackend(backends),
    fromCache,
    sizeBytes: model.sizeBytes,
  };
  if (manifest.keypointNames) info.keypointNames = manifest.keypointNames;
  if (manifest.license) info.license = manifest.license;
  if (manifest.source) info.source = manifest.source;
  return info;
}

export async function loadModel(
  request: LoadModelRequest,
  onProgress: (p: LoadProgress) => void,
  context: LoadContext = {},
): Promise<LoadedModel> {
  const { source } = request;
  if (source.kind === 'text-builtin') return loadTextBuiltin(source.id);
  if (source.kind === 'package') {
    return loadTextPackage(source.name, source.files, request.backend, context);
  }
  const runtime = webRuntime(request.backend);
  const labels = request.labelsFile
    ? parseLabelsFile(request.labelsFile.name, await request.labelsFile.text())
    : undefined;
  const options = {
    ...(request.familyId ? { familyId: request.familyId } : {}),
    ...(labels ? { labels } : {}),
    onPhase: (phase: 'read' | 'session' | 'warmup', file: string) => {
      if (phase !== 'read') onProgress({ phase, file });
    },
  };
  if (source.kind === 'file' || source.kind === 'url') {
    const loaded = await loadModelBytes(source, onProgress);
    const model = await openModel(
      { fileName: loaded.fileName, bytes: loaded.bytes },
      options,
      runtime,
    );
    return { ...model, info: modelInfoOf(model, runtime.backends, loaded.fromCache) };
  }
  const manifest: ModelManifest = await fetchPackageManifest(source.baseUrl, source.id);
  // A built-in of a package family (the Silero VAD): opened as the CLI opens its folder.
  const packaged =
    families[manifest.family]?.kind === 'package'
      ? await openPackageModel(
          builtinPackageSource(source.id, source.baseUrl, manifest, onProgress),
          runtime,
        )
      : null;
  if (packaged) return builtinPackageModel(packaged, manifest, runtime);
  // The app's own files: the HTTP cache serves them (no Cache API copy).
  const readFile = async (name: string): Promise<Uint8Array> => {
    if (!name.toLowerCase().endsWith('.onnx')) {
      return new TextEncoder().encode(await fetchPackageText(source.baseUrl, name));
    }
    const url = new URL(name, source.baseUrl).href;
    return (await loadModelBytes({ kind: 'url', url }, onProgress, { cache: false, label: name }))
      .bytes;
  };
  const model = await openModel({ fileName: manifest.file, manifest, readFile }, options, runtime);
  return { ...model, info: modelInfoOf(model, runtime.backends, false) };
}
