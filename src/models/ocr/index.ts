// Public surface of the OCR family (runtime-neutral: the caller runs the sessions).
export type * from './types';
export { runOcr } from './pipeline';
export type { OcrOptions } from './pipeline';
export { parseDictionary } from './rec';
export { PPOCR_V4_MANIFEST, PPOCR_V4_SETTINGS } from './meta';
