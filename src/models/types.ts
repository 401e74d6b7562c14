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

export interface ModelFamily {
  /** Folder name, e.g. `ultralytics`, `yolox`. */
  id: string;
  displayName: string;
  /** `out`: a float buffer to reuse (e.g. the previous call's) to avoid allocating per image. */
  preprocess(
    image: RgbaImage,
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
}
