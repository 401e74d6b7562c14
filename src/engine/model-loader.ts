// Bytes → a ready session with its manifest and family: reads the ONNX
// metadata, lets the models registry recognise the family (or uses the one the
// user chose), applies a labels file, and runs the model once on a blank image
// so backend problems surface at load time, not on the first task.

import type * as ort from 'onnxruntime-web';
import { bareModelSupport, families, getFamily, manifestForBareModel } from '../models/registry';
import { ModelLayoutError } from '../models/shared/errors';
import { inspectModelIO, type ModelIO } from '../models/shared/model-io';
import { ProtobufFormatError, readOnnxMetadata } from '../models/shared/onnx-metadata';
import type { ModelFamily, ModelManifest, RgbaImage } from '../models/types';
import type { FamilyChoice, LoadModelRequest, LoadProgress, ModelInfo } from './api';
import { createSession } from './backend';
import { ModelRejectedError, errorMessage } from './errors';
import { parseLabelsFile } from './labels-file';
import { loadModelBytes, modelVersionOf } from './model-bytes';
import { fromOrtOutputs, toOrtFeeds } from './ort-tensors';

export interface LoadedModel {
  session: ort.InferenceSession;
  manifest: ModelManifest;
  family: ModelFamily;
  inputName: string;
  info: ModelInfo;
}

export function familyChoices(): FamilyChoice[] {
  return Object.values(families).map((f) => ({ id: f.id, name: f.displayName }));
}

function resolveManifest(
  io: ModelIO,
  metadata: Record<string, string>,
  fileName: string,
  familyId: string | undefined,
  labels: string[] | undefined,
): ModelManifest {
  let manifest: ModelManifest;
  if (familyId) {
    const support = bareModelSupport.find((s) => s.familyId === familyId);
    if (!support) throw new ModelRejectedError(`no model family "${familyId}"`);
    manifest = support.manifest(io, metadata, fileName);
  } else {
    manifest = manifestForBareModel(io, metadata, fileName);
  }
  if (!labels) return manifest;
  // NMS-free heads report class indices, not a class count: any list fits.
  const countKnown = manifest.decode.layout !== 'end2end';
  if (countKnown && labels.length !== manifest.classNames.length) {
    throw new ModelRejectedError(
      `the labels file has ${labels.length} class names but the model predicts ${manifest.classNames.length} classes`,
    );
  }
  return { ...manifest, classNames: labels };
}

function blankImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8ClampedArray(width * height * 4).fill(114) };
}

export async function loadModel(
  request: LoadModelRequest,
  onProgress: (p: LoadProgress) => void,
): Promise<LoadedModel> {
  const { bytes, fileName, fromCache } = await loadModelBytes(request.source, onProgress);
  let metadata: Record<string, string>;
  try {
    metadata = readOnnxMetadata(bytes);
  } catch (error) {
    if (error instanceof ProtobufFormatError) {
      throw new ModelRejectedError(
        `${fileName} is not an ONNX model (its bytes are not an ONNX protobuf: ${error.message})`,
      );
    }
    throw error;
  }
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
        const io = inspectModelIO(session);
        manifest = resolveManifest(io, metadata, fileName, request.familyId, labels);
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
    if (error instanceof ModelRejectedError) {
      throw new Error(`${fileName}: ${error.message}`, { cause: error });
    }
    throw new Error(`${fileName} could not be loaded by onnxruntime: ${errorMessage(error)}`, {
      cause: error,
    });
  }
  if (!manifest || !family) throw new Error(`${fileName}: the model was not prepared`);

  const classNamesSource: ModelInfo['classNamesSource'] = labels
    ? 'labels-file'
    : metadata.names
      ? 'model'
      : 'guessed';
  const info: ModelInfo = {
    name: manifest.name,
    fileName,
    familyId: family.id,
    familyName: family.displayName,
    task: manifest.task,
    classNames: manifest.classNames,
    classNamesSource,
    inputWidth: manifest.preprocess.width,
    inputHeight: manifest.preprocess.height,
    defaults: manifest.defaults,
    modelVersion: await modelVersionOf(manifest.name, bytes),
    backend: created.info,
    fromCache,
    sizeBytes: bytes.byteLength,
  };
  return { session: created.session, manifest, family, inputName, info };
}
