export { LsSession, type LsSessionOptions } from './session';
export { arrayPushSource, enginePushSource, type LocalMedia, type PushSource } from './push-items';
export { taskMediaFetcher, type TaskMediaFetcher } from './task-media';
export { IdbPushJournal } from './idb-push-journal';
export { LS_DB_NAME, openLsDb } from './ls-db';
export type * from './types';
export type { LsEngineApi } from './api';
