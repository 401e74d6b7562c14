// The predictor's runtime in the worker: onnxruntime-web sessions made by
// backend.ts (WebGPU when usable, else WASM, with the fallback notice), with
// the backend each session landed on kept for the model's info.
import type * as ort from 'onnxruntime-web';
import type { OnnxRuntime, RuntimeSession } from '../models/predictor';
import type { BackendInfo, BackendPreference } from './api';
import { createSession } from './backend';
import { fromOrtOutputs, toOrtFeeds } from './ort-tensors';

export function wrapOrtSession(session: ort.InferenceSession): RuntimeSession {
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata as RuntimeSession['inputMetadata'],
    outputMetadata: session.outputMetadata as RuntimeSession['outputMetadata'],
    run: async (feeds) => fromOrtOutputs(await session.run(toOrtFeeds(feeds))),
    release: () => session.release(),
  };
}

export interface WebRuntime extends OnnxRuntime {
  /** The backend of each session created, in order. */
  readonly backends: BackendInfo[];
}

export function webRuntime(preference: BackendPreference): WebRuntime {
  const backends: BackendInfo[] = [];
  return {
    backends,
    async createSession(bytes, _label, warmUp) {
      const created = await createSession(bytes, preference, (session) =>
        warmUp(wrapOrtSession(session)),
      );
      backends.push(created.info);
      return wrapOrtSession(created.session);
    },
  };
}

/** One backend for the model: the first session's, noting when its sessions differ. */
export function modelBackend(backends: readonly BackendInfo[]): BackendInfo {
  const first = backends[0];
  if (!first) throw new Error('the model has no session');
  const notices = backends.map((i) => i.notice).filter((n): n is string => !!n);
  if (backends.some((i) => i.backend !== first.backend)) {
    notices.push("the model's sessions run on different backends");
  }
  const info: BackendInfo = { ...first };
  delete info.notice;
  if (notices.length > 0) info.notice = [...new Set(notices)].join('; ');
  return info;
}
