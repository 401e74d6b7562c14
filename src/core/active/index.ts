export { certaintyOf, multiLabelCertainty, CERTAINTY_MEASURES } from './certainty';
export type { CertaintyMeasure } from './certainty';
export { committeeAgreement } from './committee';
export { kCenterGreedy, kMeansPlusPlusCentres } from './diversity';
export { assignClusters } from './clusters';
export { rankTasks, RankInputError, STRATEGIES } from './rank';
export type { RankInput, RankOptions, RankedTask, Strategy } from './rank';
export { createRng, shuffled } from '../random/rng';
export type { Rng } from '../random/rng';
