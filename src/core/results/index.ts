// Label Studio result builders: pure functions from pixels / UTF-16 indices / seconds to
// result items (fact sheet §2–§5).

export type { LsPrediction, LsResult } from './types';
export type { ControlIdentity, PixelBox, PixelPoint } from './geometry';
export { createIdGenerator, isValidResultId } from './ids';
export type { PixelRectangle, RectangleInput } from './rectangle';
export {
  normalizeDegrees,
  orientedBoxToRectangle,
  rectangleCorners,
  rectangleResult,
} from './rectangle';
export type { PolygonInput } from './polygon';
export { polygonResult } from './polygon';
export type { KeypointInput } from './keypoint';
export { defaultKeypointWidth, keypointResult } from './keypoint';
export type { EllipseInput } from './ellipse';
export { ellipseResult } from './ellipse';
export type { BinaryMask, BrushInput, MaskPlacement } from './brush';
export { brushResult, decodeRle, encodeMaskRle, encodeRgbaRle } from './brush';
export type { CodePointSpanInput, TextSpanInput } from './text-span';
export {
  codePointSpanResult,
  createCodePointConverter,
  textSpanResult,
  utf16ToCodePointOffset,
} from './text-span';
export type { AudioSegmentInput } from './audio';
export { audioSegmentResult } from './audio';
export {
  choicesResult,
  numberResult,
  ratingResult,
  taxonomyResult,
  textAreaResult,
} from './classification';
export { linkToRegion, regionGeometry } from './region-link';
export type { OcrRegionInput, OcrShape } from './ocr';
export { ocrRegionResults } from './ocr';
export { makePrediction } from './prediction';
