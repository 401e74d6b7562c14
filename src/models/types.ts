import type { PcmChunk } from '../core/audio/pcm';
import type { RawCandidates } from './rethreshold';
import type { BareModelSupport } from './shared/bare-model';
import type { TensorSession } from './shared/tensor-session';

// The contract every model family implements. Data flows one way:
// decoded image → tensor (preprocess) → raw outputs → candidates (decode).
// Families never see Label Studio; mapping candidates to results happens in core.

/** Decoded pixels as the browser displays the image (EXIF applied), RGBA row-major. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** A runtime-neutral tensor (works for onnxruntime-web and onnxruntime-node). */
export interface TensorData {
  type: 'float32' | 'int32' | 'int64' | 'uint8';
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
  dims: number[];
}

export type ResizeMode = 'letterbox' | 'stretch' | 'crop';

/** How pixels become the input tensor. All fields are plain data (JSON in a manifest). */
export interface PreprocessSpec {
  width: number;
  height: number;
  resize: ResizeMode;
  /** Where the letterboxed image sits: centred (Ultralytics) or top-left (YOLOX). */
  anchor: 'center' | 'top-left';
  /** Raw pixel value (0–255) of the padding, normalised like the image pixels. */
  padValue: number;
  channelOrder: 'RGB' | 'BGR';
  layout: 'NCHW' | 'NHWC';
  /** value = (pixel * scale - mean) / std, per channel in channelOrder. */
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
  /**
   * `crop` only: fraction of the resized short side kept (e.g. 0.875 = resize
   * to 256, crop 224). Default 1: short side resized straight to the input size.
   */
  cropRatio?: number;
}

/** Where the model input sits in the original image, to map outputs back. */
export interface LetterboxTransform {
  scaleX: number;
  scaleY: number;
  padX: number;
  padY: number;
  srcWidth: number;
  srcHeight: number;
}

export interface BoxCandidate {
  kind: 'box';
  classIndex: number;
  score: number;
  /** Top-left corner and size in ORIGINAL image pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Clockwise degrees about the top-left corner (oriented boxes); 0 otherwise. */
  rotation?: number;
}

/** A binary mask laid over part of the ORIGINAL image (1 = object, row-major). */
export interface PlacedMask {
  width: number;
  height: number;
  data: Uint8Array;
  /** The image area the mask grid covers, in original pixels (a cell is placement.width/width px wide). */
  placement: { x: number; y: number; width: number; height: number };
}

/** Instance or semantic segmentation: a region's bounding box plus its mask. */
export interface MaskCandidate {
  kind: 'mask';
  classIndex: number;
  score: number;
  /** Bounding box in ORIGINAL image pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  mask: PlacedMask;
}

/** One class of an image classifier, with what the whole distribution says. */
export interface ClassCandidate {
  kind: 'class';
  classIndex: number;
  /** Probability (after softmax/sigmoid). */
  score: number;
  /** The image area the model saw (e.g. the centre crop), in ORIGINAL image pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Top-1 minus top-2 probability of the distribution (0 = a tie). */
  margin?: number;
  /** Entropy of the distribution divided by log(classes): 0 = certain, 1 = uniform. */
  entropy?: number;
}

/** A point of a pose/landmark model, in ORIGINAL image pixels. */
export interface KeypointValue {
  x: number;
  y: number;
  /** Visibility / confidence 0..1 (1 when the model gives none). */
  score: number;
}

/** An instance (person, face…) with its box and named keypoints (order = manifest.keypointNames). */
export interface KeypointCandidate {
  kind: 'keypoints';
  classIndex: number;
  score: number;
  x: number;
  y: number;
  width: number;
  height: number;
  keypoints: KeypointValue[];
}

export type Candidate = BoxCandidate | MaskCandidate | ClassCandidate | KeypointCandidate;

/** A point in ORIGINAL image pixels (continuous: pixel i spans [i, i+1)). */
export type Point = [number, number];

/** Four corners, clockwise from the top-left as the image shows them. */
export type Quad = [Point, Point, Point, Point];

/** One line (or word group) of recognised text. */
export interface TextCandidate {
  kind: 'text';
  /** Detected region, clockwise from top-left, in original image pixels. */
  quad: Quad;
  /** Axis-aligned bounds of `quad`, in original image pixels. */
  box: { x: number; y: number; width: number; height: number };
  text: string;
  /** Recognition confidence: mean max-probability of the emitted characters. */
  score: number;
  /** Detection confidence: mean text probability inside the region. */
  detScore: number;
  /** 180 when the angle classifier found the text upside down (it was read rotated). */
  angle: 0 | 180;
}

/** What a family's outputs can fill (the Label Studio result kinds follow from these). */
export type CandidateKind = Candidate['kind'] | TextCandidate['kind'];

export interface DecodeOptions {
  confidence: number;
  iou: number;
  maxDetections: number;
  /** Per-class confidence overrides, by class index. */
  classConfidence?: Record<number, number>;
}

/** The manifest of a model package (JSON next to the .onnx). */
export interface ModelManifest {
  id: string;
  name: string;
  family: string;
  task: 'detect' | 'segment' | 'classify' | 'pose' | 'obb' | 'ocr' | 'semantic' | 'text';
  file: string;
  classNames: string[];
  preprocess: PreprocessSpec;
  /** Family-specific decoding settings (e.g. strides, end2end). */
  decode: Record<string, unknown>;
  defaults: DecodeOptions;
  license?: string;
  source?: string;
  /** Keypoint models: the name of each keypoint, in model order (e.g. COCO-17). */
  keypointNames?: string[];
}

export interface PreparedInput {
  feeds: Record<string, TensorData>;
  transform: LetterboxTransform;
}

// ─── The family contract ────────────────────────────────────────────────────
// A family is one folder under src/models/ and one line in registry.ts. It
// owns everything model-specific: recognising its model (a bare .onnx or a
// package folder), preprocessing, decoding, the relaxed decode kept for
// re-thresholding and the rules that re-threshold it. The predictor
// (src/models/predictor/) runs any family on any ONNX runtime; nothing outside
// a family's folder switches on its id. Three kinds: `tensor` (one session,
// image), `pipeline` (several sessions it drives itself, OCR) and `package`
// (text and audio: a folder of files the family opens into a predictor).

/** What a model reads. */
export type Modality = 'image' | 'text' | 'audio';

/**
 * An audio file as audio families read it: 16 kHz mono chunks, streamed (an
 * hour costs one chunk of memory) and re-readable (a VAD pass, then a
 * recogniser's).
 */
export interface AudioStream {
  /** Names the file in messages. */
  name: string;
  /** A new pass over the file in chunks of `seconds` (the last may be shorter). */
  chunks(seconds: number): AsyncIterable<PcmChunk>;
  /** Regions another model found (the VAD's), for families that read regions. */
  regions?: readonly RegionCandidate[];
}

/** The input of each modality, as the predictor hands it to a family. */
export interface ModalityInput {
  image: RgbaImage;
  text: string;
  audio: AudioStream;
}

/** Runs one of a model's sessions by key; the caller owns the ONNX runtime. */
export type SessionRunner = (
  key: string,
  feeds: Record<string, TensorData>,
) => Promise<Record<string, TensorData>>;

/**
 * How re-thresholding removes overlapping candidates (kept as data in the
 * journal): class-aware NMS, rotated NMS (oriented boxes) or none.
 */
export type Suppression = 'class-aware' | 'rotated' | 'none';

/** A family's re-threshold rules: chosen by the family, never inherited. */
export interface RethresholdRules {
  /** What the family's decode does after thresholding, for this manifest. */
  suppression(manifest: ModelManifest): Suppression;
  /**
   * The one relaxed decode of a run (low floor, no suppression), kept so
   * later settings need no inference. Null: this family keeps nothing.
   */
  rawDecode(
    outputs: Record<string, TensorData>,
    transform: LetterboxTransform,
    manifest: ModelManifest,
    options: DecodeOptions,
  ): RawCandidates | null;
  /** Semantic masks: the min-area filter, a fraction of the covered cells. */
  minAreaFraction?(manifest: ModelManifest): number;
}

interface FamilyBase<M extends Modality> {
  /** Registry id (manifests' `family`), e.g. `ultralytics`, `yolox`. */
  id: string;
  displayName: string;
  modality: M;
  /** The candidate kinds its decode returns. */
  resultKinds: readonly CandidateKind[];
  /** Recognising a dropped .onnx without a manifest; null: needs its manifest. */
  bare: BareModelSupport | null;
}

/** One session: preprocess → session.run → decode. */
export interface TensorFamily<M extends Modality = Modality> extends FamilyBase<M> {
  kind: 'tensor';
  /** `out`: a float buffer to reuse (e.g. the previous call's) to avoid allocating per input. */
  preprocess(
    input: ModalityInput[M],
    manifest: ModelManifest,
    inputName: string,
    out?: Float32Array,
  ): PreparedInput;
  decode(
    outputs: Record<string, TensorData>,
    transform: LetterboxTransform,
    manifest: ModelManifest,
    options: DecodeOptions,
  ): Candidate[];
  rethreshold: RethresholdRules;
}

/** A package's files beyond its manifest: sessions and text assets (dictionaries…). */
export interface PackageFiles {
  /** Session key → file name, in load order. */
  sessions: Record<string, string>;
  /** Asset key → text file name. */
  assets: Record<string, string>;
}

/** Several sessions the family drives itself (OCR: detect, classify angle, read). */
export interface PipelineFamily<M extends Modality = Modality> extends FamilyBase<M> {
  kind: 'pipeline';
  /** The files its manifest names; throws naming what is missing. */
  packageFiles(manifest: ModelManifest): PackageFiles;
  /** A blank input of each session's shape, run once at load time. */
  warmUpFeeds(key: string, manifest: ModelManifest): Record<string, TensorData>;
  /** Every candidate the model finds (the raw form: any later minimum applies to it). */
  run(
    runner: SessionRunner,
    input: ModalityInput[M],
    manifest: ModelManifest,
    assets: Record<string, string>,
  ): Promise<TextCandidate[]>;
  /** The raw form the journal keeps of a task's candidates (within its byte budget). */
  keepRaw(candidates: readonly TextCandidate[], budget?: number): RawCandidates;
  /** What a run at `options` keeps, from the raw form; `exact` false when it cannot prove it. */
  rethreshold(
    raw: RawCandidates,
    options: DecodeOptions,
  ): { candidates: TextCandidate[]; exact: boolean };
}

// ─── Package families (text, audio, image heads) ─────────────────────────────

/** Reads the files of a model package by name (browser File list, fetch, or fs). */
export interface PackageReader {
  bytes(name: string): Promise<Uint8Array>;
  text(name: string): Promise<string>;
}

/** What a family looks at to recognise a package, before any session is opened. */
export interface PackageListing {
  /** File names relative to the package folder (a lone file: its own name). */
  files: readonly string[];
  /** The small JSON descriptors, parsed, by file name (manifest.json, config.json, a lone .json). */
  json: Readonly<Record<string, unknown>>;
}

/** A family's claim on a package: why, which file names the model, and its own settings. */
export interface PackageMatch<S = unknown> {
  /** For messages and logs ("manifest.json of family text-classification"). */
  reason: string;
  /** The file whose bytes name the model in model_version. */
  model: string;
  /** Id in model_version and messages (default: the folder's name). */
  id?: string;
  settings: S;
}

/** Opens one of the package's .onnx files on the caller's runtime. */
export type SessionOpener = (file: string) => Promise<TensorSession>;

/** A text span in CODE POINT offsets of the task text (Label Studio's). */
export interface SpanCandidate {
  start: number;
  end: number;
  text: string;
  classIndex: number;
  score: number;
}

/** One class of a text or audio classifier (no image geometry). */
export interface ScoreCandidate {
  kind: 'class';
  classIndex: number;
  score: number;
  margin?: number;
  entropy?: number;
}

/** A written answer (a generated reply, a transcript) with its confidence. */
export interface ReplyCandidate {
  text: string;
  score: number;
}

/** A time region of an audio file, in seconds, with an optional class and text. */
export interface RegionCandidate {
  start: number;
  end: number;
  score: number;
  classIndex: number;
  /** Speech recognition: what was said in the region, and the recogniser's confidence. */
  text?: string;
  textScore?: number;
}

/** What a package family's predictions hold, by the result kind it fills. */
export interface PackageCandidates {
  /** `<Labels>` spans on a `<Text>`. */
  span: SpanCandidate;
  /** `<Choices>` on a text or audio object. */
  choices: ScoreCandidate;
  /** `<TextArea>`: a reply or a whole-file transcript. */
  textarea: ReplyCandidate;
  /** `<Labels>` regions on `<Audio>` (with their texts for a per-region `<TextArea>`). */
  regions: RegionCandidate;
}

export type PackageResultKind = keyof PackageCandidates;

export interface PackagePrediction<C> {
  candidates: C[];
  /** The form kept for re-thresholding (all spans, all class probabilities, the generation). */
  raw: unknown;
}

/** An opened package (or a built-in): its classes and one input → candidates. */
export interface PackagePredictor<I, C> {
  /** Mapped onto the config's labels (empty for replies). */
  classNames: readonly string[];
  predict(input: I): Promise<PackagePrediction<C>>;
  /**
   * The same loaded model with other run options (a generation's sampling,
   * limits and stops), for families that read any: no reload of the weights.
   */
  withOptions?(options: Readonly<Record<string, unknown>>): PackagePredictor<I, C>;
}

/** A built-in model that needs no file of the user's (the rule-based entity tagger). */
export interface BuiltinPackage<I, C> {
  id: string;
  name: string;
  license: string;
  source: string;
  task: string;
  /** Async: the code is loaded on first use (bundles of other modalities stay small). */
  open(): Promise<PackagePredictor<I, C>>;
}

/**
 * Text and audio families: a folder of files (or a built-in) opened into a
 * predictor. `recognise` looks at file names and small JSON only; `open`
 * loads the family's heavy code (tokenizers, taggers) by dynamic import, so
 * the registry costs the image-only worker bundles nothing.
 */
export interface PackageFamily<
  M extends Modality = Modality,
  K extends PackageResultKind = PackageResultKind,
  S = unknown,
> {
  kind: 'package';
  id: string;
  displayName: string;
  modality: M;
  resultKind: K;
  builtins: readonly BuiltinPackage<ModalityInput[M], PackageCandidates[K]>[];
  /** What its packages hold, for the message when no family claims a folder. */
  expects: string;
  /**
   * Works on regions another model finds (speech recognition on the VAD's
   * segments) when the config asks for per-region results; on the whole input
   * otherwise.
   */
  readsRegions?: boolean;
  /** Null: not this family's package. Throws naming the file when it is but a file is broken. */
  recognise(listing: PackageListing): PackageMatch<S> | null;
  /** `options`: the run's family-specific settings (generation: sampling, stops). */
  open(
    openSession: SessionOpener,
    read: PackageReader,
    match: PackageMatch<S>,
    options: Readonly<Record<string, unknown>>,
  ): Promise<PackagePredictor<ModalityInput[M], PackageCandidates[K]>>;
}

/** Every package family, narrowed by `resultKind`. */
export type AnyPackageFamily =
  | PackageFamily<'text', 'span'>
  | PackageFamily<'text', 'choices'>
  | PackageFamily<'text', 'textarea'>
  | PackageFamily<'audio', 'regions'>
  | PackageFamily<'audio', 'choices'>
  | PackageFamily<'image', 'choices'>;

/** The families that run ONNX sessions on decoded input themselves (today: images). */
export type SessionFamily = TensorFamily | PipelineFamily;

export type ModelFamily = SessionFamily | AnyPackageFamily;

/** The image families (all of today's). */
export type ImageFamily = TensorFamily<'image'> | PipelineFamily<'image'>;
