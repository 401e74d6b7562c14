// The page's side of the journalled-run methods (runs-api.ts). EngineClient
// supplies `call` (its restart-aware way of reaching the worker) and exposes
// the result as `.runs`.

import type * as Comlink from 'comlink';
import type { RethresholdSummary, ResumableRunInfo, RunsEngineApi } from './runs-api';

type Call = <T>(fn: (remote: Comlink.Remote<RunsEngineApi>) => Promise<T>) => Promise<T>;

export function runsRemote(call: Call): RunsEngineApi {
  return {
    findResumableRun: () => call<ResumableRunInfo | null>((r) => r.findResumableRun()),
    discardRun: (runId) => call((r) => r.discardRun(runId)),
    rethreshold: (request) => call<RethresholdSummary>((r) => r.rethreshold(request)),
  };
}
