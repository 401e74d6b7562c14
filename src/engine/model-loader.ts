// Model sources → a ready model, through the predictor's openModel on
// onnxruntime-web: a dropped/downloaded .onnx (family from its metadata and
// layout, or the one the user chose, plus a labels file), or a built-in
// package of the app's models/ folder (a manifest naming its files).

import { openModel, releaseModel as releaseOpened, type OpenedModel } from '../models/predictor';
import { bareModelFamilies } from '../models/registry';
import { parseLabelsFile } from '../models/shared/labels-file';
import type { ModelManifest } from '../models/types';
import type { FamilyChoice, LoadModelRequest, LoadProgress, ModelInfo } from './api';
import { fetchPackageManifest, fetchPackageText } from './builtin-package';
import { loadModelBytes, type BytesSource } from './model-bytes';
import { modelBackend, webRuntime } from './web-runtime';

/** An opened model and what the page is told of it. */
export type LoadedModel = OpenedModel & { info: ModelInfo };

/** The families a user can pick for a bare .onnx (those that recognise one). */
export function familyChoices(): FamilyChoice[] {
  return bareModelFamilies.map((f) => ({ id: f.id, name: f.displayName }));
}

export function releaseModel(model: LoadedModel | null): Promise<void> {
  return releaseOpened(model);
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
): Promise<LoadedModel> {
  const { source } = request;
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
  if (source.kind !== 'builtin') {
    const loaded = await loadModelBytes(source as BytesSource, onProgress);
    const model = await openModel(
      { fileName: loaded.fileName, bytes: loaded.bytes },
      options,
      runtime,
    );
    return { ...model, info: modelInfoOf(model, runtime.backends, loaded.fromCache) };
  }
  const manifest: ModelManifest = await fetchPackageManifest(source.baseUrl, source.id);
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
