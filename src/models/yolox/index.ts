export { yoloxFamily } from './family';
export { yoloxBareModel } from './bare';
export { yoloxPreprocess, YOLOX_DEFAULTS, YOLOX_FAMILY_ID, YOLOX_STRIDES } from './meta';
