export { nanodetFamily } from './family';
export { nanodetBareModel } from './bare';
export {
  nanodetPreprocess,
  NANODET_DEFAULTS,
  NANODET_FAMILY_ID,
  NANODET_REG_MAX,
  NANODET_STRIDES,
} from './meta';
