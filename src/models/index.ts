// Public surface of the model families, runtime-neutral (no onnxruntime import).
export type * from './types';
export {
  families,
  getFamily,
  detectFamily,
  manifestForBareModel,
  bareModelSupport,
} from './registry';
export type { FamilyGuess } from './registry';
export { ModelLayoutError } from './shared/errors';
export { preprocessImage, computeTransform } from './shared/preprocess';
export type { PreprocessResult } from './shared/preprocess';
export { nms, iou } from './shared/nms';
export { readOnnxMetadata, ProtobufFormatError } from './shared/onnx-metadata';
export {
  parsePythonDictLiteral,
  parsePythonLiteral,
  PythonLiteralError,
} from './shared/python-literal';
export { inspectModelIO, imageInputOf, formatDims } from './shared/model-io';
export type { Dims, ModelIO, NamedDims, SessionLike, ImageInput } from './shared/model-io';
export { COCO80_CLASS_NAMES } from './shared/coco80';
export { manifestFromOnnxMetadata } from './ultralytics';
