// The page's side of the ls* methods: forwards to the worker, wrapping
// progress callbacks with Comlink.proxy. EngineClient supplies `call` (its
// restart-aware way of reaching the worker) and exposes the result as `.ls`.

import * as Comlink from 'comlink';
import type { Callback } from '../api';
import type { LsEngineApi } from './api';

type Call = <T>(fn: (remote: Comlink.Remote<LsEngineApi>) => Promise<T>) => Promise<T>;
/** Comlink's Remote splits a union result into a union of promises: name the type. */
type Out<K extends keyof LsEngineApi> = Awaited<ReturnType<LsEngineApi[K]>>;

function proxied<T>(callback: Callback<T> | undefined) {
  return callback ? Comlink.proxy(callback) : undefined;
}

export function lsRemote(call: Call): LsEngineApi {
  return {
    lsConnect: (request) => call<Out<'lsConnect'>>((r) => r.lsConnect(request)),
    lsDisconnect: () => call((r) => r.lsDisconnect()),
    lsSavedConnections: () => call((r) => r.lsSavedConnections()),
    lsForget: (server) => call((r) => r.lsForget(server)),
    lsListProjects: () => call<Out<'lsListProjects'>>((r) => r.lsListProjects()),
    lsLoadProject: (projectId, options, onProgress) =>
      call<Out<'lsLoadProject'>>((r) => r.lsLoadProject(projectId, options, proxied(onProgress))),
    lsPush: (request, onProgress) => call((r) => r.lsPush(request, proxied(onProgress))),
    lsRetryFailed: (request, onProgress) =>
      call((r) => r.lsRetryFailed(request, proxied(onProgress))),
    lsCancel: (opId) => call((r) => r.lsCancel(opId)),
    lsReport: () => call((r) => r.lsReport()),
  };
}
