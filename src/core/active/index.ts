export { certaintyOf, multiLabelCertainty, CERTAINTY_MEASURES } from './certainty';
export type { CertaintyMeasure } from './certainty';
export { committeeAgreement } from './committee';
export { kCenterGreedy, kMeansPlusPlusCentres } from './diversity';
export { assignClusters } from './clusters';
export { rankTasks, RankInputError, STRATEGIES } from './rank';
export type { RankInput, RankOptions, RankedTask, Strategy } from './rank';
export { seededRandom, shuffled } from './seeded-random';
export type { SeededRandom } from './seeded-random';
