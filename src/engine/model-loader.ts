// Model sources → a ready model: a dropped/downloaded .onnx (family from its
// metadata and layout, or the one the user chose, plus a labels file), or a
// built-in package of the app's models/ folder (a manifest naming its files;
// OCR packages hold three sessions). Every session runs once at load time so
// backend problems surface here, not on the first task.

import type * as ort from 'onnxruntime-web';
import { candidateKindOfTask } from '../core/mapping/task-kind';
import { modelBytesHash } from '../core/predict/model-version';
import { families, getFamily } from '../models/registry';
import { resolveBareManifest } from '../models/resolve-manifest';
import { idFromFileName } from '../models/shared/bare-model';
import { ModelLayoutError } from '../models/shared/errors';
import { parseLabelsFile } from '../models/shared/labels-file';
import { inspectModelIO } from '../models/shared/model-io';
import { ProtobufFormatError, readOnnxMetadata } from '../models/shared/onnx-metadata';
import type { ModelFamily, ModelManifest, RgbaImage } from '../models/types';
import type { FamilyChoice, LoadModelRequest, LoadProgress, ModelInfo } from './api';
import { createSession } from './backend';
import { fetchPackageManifest } from './builtin-package';
import { ModelRejectedError, errorMessage } from './errors';
import { loadModelBytes, type BytesSource } from './model-bytes';
import { loadOcrPackage, type OcrModel } from './ocr-loader';
import { fromOrtOutputs, toOrtFeeds } from './ort-tensors';

export interface VisionModel {
  kind: 'vision';
  session: ort.InferenceSession;
  manifest: ModelManifest;
  family: ModelFamily;
  inputName: string;
  info: ModelInfo;
}

export type { OcrModel };
export type LoadedModel = VisionModel | OcrModel;

export function familyChoices(): FamilyChoice[] {
  return Object.values(families).map((f) => ({ id: f.id, name: f.displayName }));
}

export async function releaseModel(model: LoadedModel | null): Promise<void> {
  if (!model) return;
  const sessions = model.kind === 'vision' ? [model.session] : Object.values(model.sessions);
  await Promise.all(sessions.map((s) => s.release().catch(() => undefined)));
}

function blankImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8ClampedArray(width * height * 4).fill(114) };
}

/** Failures the user can act on keep their message; others say onnxruntime refused the file. */
function loadError(fileName: string, error: unknown): Error {
  if (error instanceof ModelRejectedError) {
    return new Error(`${fileName}: ${error.message}`, { cause: error });
  }
  return new Error(`${fileName} could not be loaded by onnxruntime: ${errorMessage(error)}`, {
    cause: error,
  });
}

function readMetadata(bytes: Uint8Array, fileName: string): Record<string, string> {
  try {
    return readOnnxMetadata(bytes);
  } catch (error) {
    if (error instanceof ProtobufFormatError) {
      throw new Error(
        `${fileName} is not an ONNX model (its bytes are not an ONNX protobuf: ${error.message})`,
        { cause: error },
      );
    }
    throw error;
  }
}

interface VisionSource {
  bytes: Uint8Array;
  fileName: string;
  fromCache: boolean;
  /** Built-in packages bring their manifest; dropped models get one from the registry. */
  manifest?: ModelManifest;
}

async function loadVision(
  source: VisionSource,
  request: LoadModelRequest,
  onProgress: (p: LoadProgress) => void,
): Promise<VisionModel> {
  const { bytes, fileName } = source;
  const metadata = readMetadata(bytes, fileName);
  const labels = request.labelsFile
    ? parseLabelsFile(request.labelsFile.name, await request.labelsFile.text())
    : undefined;

  let manifest: ModelManifest | undefined;
  let family: ModelFamily | undefined;
  let inputName = '';
  onProgress({ phase: 'session' });
  let created;
  try {
    created = await createSession(bytes, request.backend, async (session) => {
      try {
        manifest = source.manifest
          ? { ...source.manifest, ...(labels ? { classNames: labels } : {}) }
          : resolveBareManifest(
              inspectModelIO(session),
              metadata,
              fileName,
              request.familyId,
              labels,
            );
        family = getFamily(manifest.family);
        inputName = session.inputNames[0] ?? '';
        onProgress({ phase: 'warmup' });
        const { width, height } = manifest.preprocess;
        const prepared = family.preprocess(blankImage(width, height), manifest, inputName);
        const outputs = await session.run(toOrtFeeds(prepared.feeds));
        family.decode(fromOrtOutputs(outputs), prepared.transform, manifest, manifest.defaults);
      } catch (error) {
        if (error instanceof ModelLayoutError) throw new ModelRejectedError(error.message);
        throw error;
      }
    });
  } catch (error) {
    throw loadError(fileName, error);
  }
  if (!manifest || !family) throw new Error(`${fileName}: the model was not prepared`);
  const kind = candidateKindOfTask(manifest.task);
  if (!kind) {
    await created.session.release().catch(() => undefined);
    throw new Error(`${fileName}: models of task "${manifest.task}" cannot label images here`);
  }

  const classNamesSource: ModelInfo['classNamesSource'] = labels
    ? 'labels-file'
    : metadata.names || source.manifest
      ? 'model'
      : 'guessed';
  const info: ModelInfo = {
    id: source.manifest?.id ?? idFromFileName(fileName),
    name: manifest.name,
    fileName,
    kind,
    familyId: family.id,
    familyName: family.displayName,
    task: manifest.task,
    classNames: manifest.classNames,
    classNamesSource,
    inputWidth: manifest.preprocess.width,
    inputHeight: manifest.preprocess.height,
    defaults: manifest.defaults,
    bytesHash: await modelBytesHash(bytes),
    backend: created.info,
    fromCache: source.fromCache,
    sizeBytes: bytes.byteLength,
  };
  if (manifest.keypointNames) info.keypointNames = manifest.keypointNames;
  if (manifest.license) info.license = manifest.license;
  if (manifest.source) info.source = manifest.source;
  return { kind: 'vision', session: created.session, manifest, family, inputName, info };
}

export async function loadModel(
  request: LoadModelRequest,
  onProgress: (p: LoadProgress) => void,
): Promise<LoadedModel> {
  const { source } = request;
  if (source.kind !== 'builtin') {
    const loaded = await loadModelBytes(source as BytesSource, onProgress);
    return loadVision(loaded, request, onProgress);
  }
  const manifest = await fetchPackageManifest(source.baseUrl, source.id);
  if (manifest.family === 'ocr') {
    return loadOcrPackage(manifest, source.baseUrl, request.backend, onProgress);
  }
  const url = new URL(manifest.file, source.baseUrl).href;
  const loaded = await loadModelBytes({ kind: 'url', url }, onProgress, { cache: false });
  return loadVision({ ...loaded, manifest }, request, onProgress);
}
