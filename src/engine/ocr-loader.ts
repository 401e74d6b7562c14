// An OCR package (detector + recogniser + angle classifier + dictionary) →
// three ORT-web sessions, each created under the same backend rules as a
// detector and run once on a blank input of its shape.

import * as ort from 'onnxruntime-web';
import { modelBytesHash } from '../core/predict/model-version';
import { parseDictionary } from '../models/ocr/rec';
import type { OcrSettings } from '../models/ocr/meta';
import type { OcrManifest, OcrModelKey } from '../models/ocr/types';
import type { ModelManifest } from '../models/types';
import type { BackendInfo, BackendPreference, LoadProgress, ModelInfo } from './api';
import { createSession } from './backend';
import { fetchPackageText } from './builtin-package';
import { errorMessage } from './errors';
import { loadModelBytes } from './model-bytes';

export interface OcrModel {
  kind: 'ocr';
  sessions: Record<OcrModelKey, ort.InferenceSession>;
  manifest: OcrManifest;
  dictionary: string[];
  info: ModelInfo;
}

const KEYS: readonly OcrModelKey[] = ['det', 'rec', 'cls'];

/** A blank input of the shape each session reads (det: any multiple of 32). */
function warmUpDims(key: OcrModelKey, settings: OcrSettings): number[] {
  if (key === 'det') return [1, 3, 64, 64];
  if (key === 'rec') return [1, 3, settings.rec.height, settings.rec.minWidth];
  return [1, 3, settings.cls.height, settings.cls.width];
}

function isOcrManifest(manifest: ModelManifest): manifest is OcrManifest {
  const files = (manifest as Partial<OcrManifest>).files;
  return !!files && KEYS.every((k) => typeof files[k] === 'string') && !!files.dictionary;
}

export async function loadOcrPackage(
  manifest: ModelManifest,
  baseUrl: string,
  backend: BackendPreference,
  onProgress: (p: LoadProgress) => void,
): Promise<OcrModel> {
  if (!isOcrManifest(manifest)) {
    throw new Error(
      `${manifest.id}: the OCR manifest must name det, rec, cls and dictionary files`,
    );
  }
  const settings = manifest.decode as unknown as OcrSettings;
  const bytes = {} as Record<OcrModelKey, Uint8Array>;
  for (const key of KEYS) {
    const url = new URL(manifest.files[key], baseUrl).href;
    const label = manifest.files[key];
    bytes[key] = (
      await loadModelBytes({ kind: 'url', url }, onProgress, { cache: false, label })
    ).bytes;
  }
  const dictionary = parseDictionary(await fetchPackageText(baseUrl, manifest.files.dictionary));

  const sessions = {} as Record<OcrModelKey, ort.InferenceSession>;
  const infos: BackendInfo[] = [];
  try {
    for (const key of KEYS) {
      onProgress({ phase: 'session', file: manifest.files[key] });
      const dims = warmUpDims(key, settings);
      const created = await createSession(bytes[key], backend, async (session) => {
        onProgress({ phase: 'warmup', file: manifest.files[key] });
        const size = dims.reduce((a, b) => a * b, 1);
        const input = new ort.Tensor('float32', new Float32Array(size), dims);
        await session.run({ [settings.inputName]: input });
      });
      sessions[key] = created.session;
      infos.push(created.info);
    }
  } catch (error) {
    await Promise.all(Object.values(sessions).map((s) => s.release().catch(() => undefined)));
    throw new Error(`${manifest.id} could not be loaded by onnxruntime: ${errorMessage(error)}`, {
      cause: error,
    });
  }

  const first = infos[0] as BackendInfo;
  const mixed = infos.some((i) => i.backend !== first.backend);
  const notices = infos.map((i) => i.notice).filter((n): n is string => !!n);
  const backendInfo: BackendInfo = { ...first };
  if (mixed) notices.push('the OCR models run on different backends');
  if (notices.length > 0) backendInfo.notice = [...new Set(notices)].join('; ');

  const info: ModelInfo = {
    id: manifest.id,
    name: manifest.name,
    fileName: manifest.file,
    kind: 'text',
    familyId: 'ocr',
    familyName: 'OCR (PP-OCR: detect, classify angle, recognise)',
    task: manifest.task,
    classNames: manifest.classNames,
    classNamesSource: 'model',
    inputWidth: manifest.preprocess.width,
    inputHeight: manifest.preprocess.height,
    defaults: manifest.defaults,
    // Like the CLI: the detector's bytes name the package.
    bytesHash: await modelBytesHash(bytes.det),
    backend: backendInfo,
    fromCache: false,
    sizeBytes: KEYS.reduce((n, k) => n + bytes[k].byteLength, 0),
  };
  if (manifest.license) info.license = manifest.license;
  if (manifest.source) info.source = manifest.source;
  return { kind: 'ocr', sessions, manifest, dictionary, info };
}
