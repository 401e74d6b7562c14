// The engine's methods, listed once: the worker exposes exactly these
// (worker.ts) and the page's EngineClient is generated from them
// (src/engine-client), as Squoosh's WorkerBridge is from its methodNames.
// Adding a method to EngineApi (api.ts, runs-api.ts, ls/api.ts) without
// listing it here fails to compile.

import type { EngineApi } from './api';

export const ENGINE_METHODS = [
  'environment',
  'setConfig',
  'setTaskSources',
  'loadModel',
  'run',
  'retryFailed',
  'pause',
  'resume',
  'cancel',
  'getTaskView',
  'getWaveform',
  'exportFile',
  'labelNext',
  // Journalled runs (runs-api.ts)
  'findResumableRun',
  'discardRun',
  'rethreshold',
  // Label Studio server (ls/api.ts)
  'lsConnect',
  'lsDisconnect',
  'lsSavedConnections',
  'lsForget',
  'lsListProjects',
  'lsLoadProject',
  'lsPush',
  'lsRetryFailed',
  'lsCancel',
  'lsReport',
  // Online learning (learn/api.ts)
  'learnState',
  'learnTrain',
  'learnQuality',
  'learnRollback',
  'learnExportHead',
  'learnImportHead',
  'learnWatchStart',
  'learnWatchStop',
  'learnWatchPollNow',
  'learnSetBackbone',
  'learnBackbone',
  'learnPredict',
  'learnSetModelsBase',
] as const satisfies readonly (keyof EngineApi)[];

export type EngineMethod = (typeof ENGINE_METHODS)[number];

/** Names EngineApi has and the list lacks; must stay `never`. */
type Unlisted = Exclude<keyof EngineApi, EngineMethod>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/** The engine's API and nothing else of the object implementing it (what the worker exposes). */
export function engineApiOf(engine: EngineApi): EngineApi {
  const api: Partial<Record<EngineMethod, unknown>> = {};
  for (const name of ENGINE_METHODS) {
    api[name] = (engine[name] as (...args: unknown[]) => unknown).bind(engine);
  }
  return api as EngineApi;
}
