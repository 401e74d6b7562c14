// Opening a model, the same way in the worker, the CLI and the tests: bytes →
// ONNX metadata → manifest (the package's, or one the registry builds for a
// bare .onnx) → family → sessions, each run once so problems surface at load
// time and not on the first task.
import { candidateKindOfTask } from '../../core/mapping/task-kind';
import { modelBytesHash } from '../../core/predict/model-version';
import { getFamily } from '../registry';
import { resolveBareManifest } from '../resolve-manifest';
import { idFromFileName } from '../shared/bare-model';
import { ModelLayoutError } from '../shared/errors';
import { inspectModelIO } from '../shared/model-io';
import { ProtobufFormatError, readOnnxMetadata } from '../shared/onnx-metadata';
import type {
  CandidateKind,
  ModelFamily,
  ModelManifest,
  PipelineFamily,
  RgbaImage,
  TensorFamily,
} from '../types';
import type { OnnxRuntime, RuntimeSession } from './runtime';

export interface ModelSource {
  /** The file shown in messages and turned into an id (`yolo11n.onnx`). */
  fileName: string;
  /** The .onnx bytes (single-session models); a package may instead name its files. */
  bytes?: Uint8Array;
  /** A package's manifest (built-in or a folder); absent for a dropped .onnx. */
  manifest?: ModelManifest;
  /** Reads a file the package manifest names (sessions and text assets of a pipeline). */
  readFile?: (name: string) => Promise<Uint8Array>;
}

export interface OpenOptions {
  /** The family the user chose for a bare .onnx (default: recognised from the file). */
  familyId?: string;
  /** Class names from a labels file, replacing the model's. */
  labels?: string[];
  onPhase?: (phase: 'read' | 'session' | 'warmup', file: string) => void;
}

/** Where the class names came from (`guessed`: COCO for 80 classes, else class0…). */
export type ClassNamesSource = 'model' | 'labels-file' | 'guessed';

interface OpenedBase {
  manifest: ModelManifest;
  /** Manifest id, or the file name without extension for a bare .onnx. */
  id: string;
  fileName: string;
  /** What the predictions hold: box, mask, class, keypoints or text. */
  kind: CandidateKind;
  sessions: Record<string, RuntimeSession>;
  classNamesSource: ClassNamesSource;
  /** SHA-256 of the main session's bytes (OCR: the detector's): names the model in model_version. */
  bytesHash: string;
  sizeBytes: number;
}

export interface OpenedTensorModel extends OpenedBase {
  family: TensorFamily;
  /** The input the preprocess feeds. */
  inputName: string;
}

export interface OpenedPipelineModel extends OpenedBase {
  family: PipelineFamily;
  /** Text assets the package names (OCR: the dictionary). */
  assets: Record<string, string>;
}

export type OpenedModel = OpenedTensorModel | OpenedPipelineModel;

/** Why a model could not be opened, starting with the file's name. */
export class ModelOpenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelOpenError';
  }
}

/** A file that is not an ONNX protobuf gets a message saying so. */
export function readModelMetadata(bytes: Uint8Array, fileName: string): Record<string, string> {
  try {
    return readOnnxMetadata(bytes);
  } catch (error) {
    if (error instanceof ProtobufFormatError) {
      throw new ModelOpenError(
        `${fileName} is not an ONNX model (its bytes are not an ONNX protobuf: ${error.message})`,
        { cause: error },
      );
    }
    throw error;
  }
}

/**
 * The model itself cannot be used (not ONNX, unknown layout, labels that do
 * not fit, a task that cannot label): another backend would fail the same
 * way, so runtimes do not fall back on it. Messages do not name the file:
 * callers prefix it.
 */
export class ModelRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelRejectedError';
  }
}

function blankImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8ClampedArray(width * height * 4).fill(114) };
}

function kindOf(family: ModelFamily, manifest: ModelManifest): CandidateKind {
  const kind =
    family.kind === 'pipeline' ? family.resultKinds[0] : candidateKindOfTask(manifest.task);
  if (!kind) {
    throw new ModelRejectedError(`models of task "${manifest.task}" cannot label images here`);
  }
  return kind;
}

async function openTensorModel(
  source: ModelSource,
  options: OpenOptions,
  runtime: OnnxRuntime,
): Promise<OpenedTensorModel> {
  const { fileName } = source;
  const bytes = source.bytes ?? (await readPackageFile(source, source.manifest?.file ?? fileName));
  const metadata = readModelMetadata(bytes, fileName);
  const { labels } = options;
  let manifest: ModelManifest | undefined;
  let family: TensorFamily | undefined;
  let inputName = '';
  options.onPhase?.('session', fileName);
  const session = await runtime.createSession(bytes, fileName, async (created) => {
    try {
      manifest = source.manifest
        ? { ...source.manifest, ...(labels ? { classNames: labels } : {}) }
        : resolveBareManifest(
            inspectModelIO(created),
            metadata,
            fileName,
            options.familyId,
            labels,
          );
      const found = getFamily(manifest.family);
      if (found.kind !== 'tensor') {
        throw new ModelLayoutError(
          `the family "${found.id}" needs its package (several files)`,
          'a package folder with its manifest.json',
        );
      }
      family = found;
      inputName = created.inputNames[0] ?? '';
      options.onPhase?.('warmup', fileName);
      const { width, height } = manifest.preprocess;
      const prepared = family.preprocess(blankImage(width, height), manifest, inputName);
      const outputs = await created.run(prepared.feeds);
      family.decode(outputs, prepared.transform, manifest, manifest.defaults);
    } catch (error) {
      if (error instanceof ModelLayoutError) throw new ModelRejectedError(error.message);
      throw error;
    }
  });
  if (!manifest || !family) throw new Error(`${fileName}: the model was not prepared`);
  let kind: CandidateKind;
  try {
    kind = kindOf(family, manifest);
  } catch (error) {
    await session.release().catch(() => undefined);
    throw error;
  }
  return {
    manifest,
    family,
    inputName,
    id: source.manifest?.id ?? idFromFileName(fileName),
    fileName,
    kind,
    sessions: { model: session },
    classNamesSource: labels
      ? 'labels-file'
      : metadata.names || source.manifest
        ? 'model'
        : 'guessed',
    bytesHash: await modelBytesHash(bytes),
    sizeBytes: bytes.byteLength,
  };
}

async function readPackageFile(source: ModelSource, name: string): Promise<Uint8Array> {
  if (!source.readFile) {
    throw new ModelOpenError(`${source.fileName}: the package's file ${name} cannot be read`);
  }
  try {
    return await source.readFile(name);
  } catch (error) {
    // The reader's message (download, missing file) says what went wrong as it is.
    throw new ModelOpenError(error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}

async function openPipelineModel(
  source: ModelSource,
  manifest: ModelManifest,
  family: PipelineFamily,
  options: OpenOptions,
  runtime: OnnxRuntime,
): Promise<OpenedPipelineModel> {
  const files = family.packageFiles(manifest);
  const bytes: Record<string, Uint8Array> = {};
  for (const [key, file] of Object.entries(files.sessions)) {
    options.onPhase?.('read', file);
    bytes[key] = await readPackageFile(source, file);
  }
  const assets: Record<string, string> = {};
  const text = new TextDecoder();
  for (const [key, file] of Object.entries(files.assets)) {
    assets[key] = text.decode(await readPackageFile(source, file));
  }
  const sessions: Record<string, RuntimeSession> = {};
  try {
    for (const [key, file] of Object.entries(files.sessions)) {
      options.onPhase?.('session', file);
      sessions[key] = await runtime.createSession(bytes[key]!, file, async (session) => {
        options.onPhase?.('warmup', file);
        await session.run(family.warmUpFeeds(key, manifest));
      });
    }
  } catch (error) {
    await Promise.all(Object.values(sessions).map((s) => s.release().catch(() => undefined)));
    throw error;
  }
  const first = Object.keys(files.sessions)[0] ?? '';
  return {
    manifest,
    family,
    assets,
    id: manifest.id,
    fileName: manifest.file,
    kind: kindOf(family, manifest),
    sessions,
    classNamesSource: 'model',
    bytesHash: await modelBytesHash(bytes[first] ?? new Uint8Array()),
    sizeBytes: Object.values(bytes).reduce((n, b) => n + b.byteLength, 0),
  };
}

/**
 * Opens a model on `runtime`. A bare .onnx gets its family from its metadata
 * and layout (or `options.familyId`); a package brings its manifest. Throws
 * ModelOpenError naming the file and the cause (not ONNX, a layout no family
 * reads, labels that do not fit, or what the runtime said).
 */
export async function openModel(
  source: ModelSource,
  options: OpenOptions,
  runtime: OnnxRuntime,
): Promise<OpenedModel> {
  const label = source.manifest?.id ?? source.fileName;
  try {
    const family = source.manifest ? getFamily(source.manifest.family) : undefined;
    if (family?.kind === 'pipeline') {
      return await openPipelineModel(source, source.manifest!, family, options, runtime);
    }
    return await openTensorModel(source, options, runtime);
  } catch (error) {
    if (error instanceof ModelOpenError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ModelRejectedError) {
      throw new ModelOpenError(`${label}: ${message}`, { cause: error });
    }
    throw new ModelOpenError(`${label} could not be loaded by onnxruntime: ${message}`, {
      cause: error,
    });
  }
}

export async function releaseModel(model: Pick<OpenedModel, 'sessions'> | null): Promise<void> {
  if (!model) return;
  await Promise.all(Object.values(model.sessions).map((s) => s.release().catch(() => undefined)));
}
