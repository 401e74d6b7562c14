// One task through any family: the one path the worker, the CLI, the server
// and the real-model tests share. Image families: preprocess (or a tensor
// made ahead, e.g. in the worker's prep worker) → session.run → one relaxed
// decode kept as the raw form → this run's thresholds by the family's rules
// (rederive.ts), or a direct decode when the raw form cannot prove the
// result. Pipeline families (OCR) run their sessions themselves and keep
// every candidate as the raw form.
import type { VisionCandidate } from '../../core/mapping/vision-candidates';
import { buildPrediction, scaleCandidate, type FinishedPrediction } from '../../core/predict';
import type { RawCandidates } from '../rethreshold';
import type {
  AudioStream,
  Candidate,
  DecodeOptions,
  ModalityInput,
  Modality,
  ModelFamily,
  LetterboxTransform,
  PreparedInput,
  RgbaImage,
  TensorData,
  TextCandidate,
} from '../types';
import type { OpenedModel, OpenedPipelineModel, OpenedTensorModel } from './open-model';
import { nearMissContext } from './prediction-score';
import { rederiveTask } from './rederive';
import type { ImageSizes, PredictSettings, TaskImageSize, TaskRef } from './settings';

/**
 * A task's input, as the family's modality reads it: decoded pixels, the
 * input tensor made ahead (tensor families; the worker's prep worker makes
 * it), a text or an audio clip.
 */
export type TaskInput =
  | {
      task: TaskRef;
      /** Decoded pixels (possibly downscaled from the original). */
      image: RgbaImage;
      /** The displayed size of the original file, when `image` was downscaled. */
      original?: { width: number; height: number };
    }
  | { task: TaskRef; prepared: PreparedInput; sizes: ImageSizes }
  | { task: TaskRef; text: string }
  | { task: TaskRef; audio: AudioStream };

/** No pixels: results of text and audio models carry no image geometry. */
const NO_IMAGE: ImageSizes = { width: 1, height: 1, originalWidth: 1, originalHeight: 1 };

/** The input in the family's modality; throws naming both when they differ. */
function modalityInput(family: ModelFamily, input: TaskInput): ModalityInput[Modality] {
  const given =
    'image' in input
      ? input.image
      : 'text' in input
        ? input.text
        : 'audio' in input
          ? input.audio
          : undefined;
  const kind = 'image' in input ? 'image' : 'text' in input ? 'text' : 'audio';
  if (given === undefined || kind !== family.modality) {
    throw new Error(`${family.id} models read ${family.modality}, the task gives ${kind}`);
  }
  return given;
}

export interface TaskOutcome extends FinishedPrediction {
  /** Image candidates: class name → regions dropped because the class maps to nothing. */
  unmapped?: Record<string, number>;
  /** The raw form kept for re-thresholding later without inference (absent: none kept). */
  raw?: RawCandidates;
  image: TaskImageSize;
}

/** Lines read on a downscaled decode → original image pixels. */
export function scaleLines(lines: TextCandidate[], sx: number, sy: number): TextCandidate[] {
  if (sx === 1 && sy === 1) return lines;
  return lines.map((line) => ({
    ...line,
    quad: line.quad.map(([x, y]) => [x * sx, y * sy]) as TextCandidate['quad'],
    box: {
      x: line.box.x * sx,
      y: line.box.y * sy,
      width: line.box.width * sx,
      height: line.box.height * sy,
    },
  }));
}

function sizesOf(input: TaskInput): ImageSizes {
  if ('prepared' in input) return input.sizes;
  if (!('image' in input)) return NO_IMAGE;
  const { image, original } = input;
  return {
    width: image.width,
    height: image.height,
    originalWidth: original?.width ?? image.width,
    originalHeight: original?.height ?? image.height,
  };
}

/** Preprocess → session.run for one image: the outputs, to decode (many ways, in tests). */
export async function runTensorModel(
  model: OpenedTensorModel,
  image: RgbaImage,
): Promise<{ outputs: Record<string, TensorData>; transform: LetterboxTransform }> {
  const { feeds, transform } = model.family.preprocess(image, model.manifest, model.inputName);
  return { outputs: await model.sessions.model!.run(feeds), transform };
}

/** The family's direct decode of one image at `options` (default: the manifest's), in image pixels. */
export async function detectCandidates(
  model: OpenedTensorModel,
  image: RgbaImage,
  options: DecodeOptions = model.manifest.defaults,
): Promise<Candidate[]> {
  const { outputs, transform } = await runTensorModel(model, image);
  return model.family.decode(outputs, transform, model.manifest, options);
}

async function predictTensorTask(
  model: OpenedTensorModel,
  input: TaskInput,
  settings: PredictSettings,
): Promise<TaskOutcome> {
  const { family, manifest } = model;
  const session = model.sessions.model!;
  const prepared =
    'prepared' in input
      ? input.prepared
      : family.preprocess(modalityInput(family, input), manifest, model.inputName);
  const sizes = sizesOf(input);
  const outputs = await session.run(prepared.feeds);
  // Candidates come in decoded pixels; a downscaled decode is scaled back up.
  const sx = sizes.originalWidth / sizes.width;
  const sy = sizes.originalHeight / sizes.height;
  const image = {
    width: sizes.originalWidth,
    height: sizes.originalHeight,
    scaleX: sx,
    scaleY: sy,
  };
  // One relaxed decode, then this run's thresholds: equal to a direct decode
  // whenever the kept list proves it (else decode directly below).
  // Made even when not kept: the task score needs its near misses.
  const raw = family.rethreshold.rawDecode(outputs, prepared.transform, manifest, settings.options);
  const kept = settings.keepRaw === false ? {} : raw ? { raw } : {};
  if (raw) {
    const { exact, ...derived } = rederiveTask(model, raw, image, input.task, settings);
    if (exact) return { ...derived, ...kept, image };
  }
  const candidates = family.decode(
    outputs,
    prepared.transform,
    manifest,
    settings.options,
  ) as VisionCandidate[];
  const scaled =
    sx === 1 && sy === 1 ? candidates : candidates.map((c) => scaleCandidate(c, sx, sy));
  const built = buildPrediction({
    candidates: scaled,
    classNames: manifest.classNames,
    ...(manifest.keypointNames ? { keypointNames: manifest.keypointNames } : {}),
    targets: settings.targets,
    image: { width: sizes.originalWidth, height: sizes.originalHeight },
    taskIndex: input.task.index,
    modelVersion: settings.modelVersion,
    config: settings.config,
    taskData: input.task.data,
    ...(settings.scoreMethod ? { scoreMethod: settings.scoreMethod } : {}),
    ...nearMissContext(model, raw, settings),
  });
  // The raw list still serves later settings it can prove (higher thresholds).
  return { ...built, image, ...kept };
}

async function predictPipelineTask(
  model: OpenedPipelineModel,
  input: TaskInput,
  settings: PredictSettings,
): Promise<TaskOutcome> {
  const { family, manifest, sessions } = model;
  const found = await family.run(
    (key, feeds) => {
      const session = sessions[key];
      if (!session) throw new Error(`the model has no "${key}" session`);
      return session.run(feeds);
    },
    modalityInput(family, input),
    manifest,
    model.assets,
  );
  const sizes = sizesOf(input);
  const sx = sizes.originalWidth / sizes.width;
  const sy = sizes.originalHeight / sizes.height;
  const scaled = scaleLines(found, sx, sy);
  const image = { width: sizes.originalWidth, height: sizes.originalHeight };
  // This task's prediction from every candidate; the journal keeps those its budget allows.
  const every = family.keepRaw(scaled, Infinity);
  const { exact: _exact, ...prediction } = rederiveTask(model, every, image, input.task, settings);
  return {
    ...prediction,
    ...(settings.keepRaw === false ? {} : { raw: family.keepRaw(scaled) }),
    image,
  };
}

/** One task's validated prediction and the raw form kept for re-thresholding. */
export function predictTask(
  model: OpenedModel,
  input: TaskInput,
  settings: PredictSettings,
): Promise<TaskOutcome> {
  return model.family.kind === 'pipeline'
    ? predictPipelineTask(model as OpenedPipelineModel, input, settings)
    : predictTensorTask(model as OpenedTensorModel, input, settings);
}
