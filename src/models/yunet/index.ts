export { yunetFamily } from './family';
export { yunetBareModel } from './bare';
export { decodeYunet } from './decode';
export {
  YUNET_DEFAULTS,
  YUNET_FAMILY_ID,
  YUNET_KEYPOINT_NAMES,
  YUNET_STRIDES,
  yunetPreprocess,
} from './meta';
