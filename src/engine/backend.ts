// The single place that decides where models run. WebGPU only when a real
// (non-software) adapter exists AND a session on it is created and run once;
// otherwise WASM with as many threads as the page may use.

import * as ort from 'onnxruntime-web';
import type { BackendInfo, BackendPreference, WebGpuStatus } from './api';
import { ModelRejectedError, errorMessage } from './errors';
import { tagOfWorkerName } from './ort-module-tag';
import { fetchOrtWasm } from './ort-wasm-binary';

/** Software adapters answer WebGPU but run ~100× slower than WASM here. */
const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i;

let wasmConfigured: Promise<void> | null = null;

/** Threads need SharedArrayBuffer, which only a cross-origin isolated page has. */
export function wasmThreadCount(): number {
  return globalThis.crossOriginIsolated ? Math.max(1, navigator.hardwareConcurrency || 1) : 1;
}

/** ORT reads these once, when its runtime starts. */
function configureWasm(): Promise<void> {
  wasmConfigured ??= (async () => {
    ort.env.wasm.numThreads = wasmThreadCount();
    ort.env.wasm.simd = true;
    // Proxy off: we already are in a worker, and ORT's proxy worker is slower here.
    ort.env.wasm.proxy = false;
    ort.env.wasm.wasmBinary = await fetchOrtWasm(
      tagOfWorkerName((globalThis as { name?: string }).name),
    );
  })().catch((error: unknown) => {
    wasmConfigured = null; // a later model load tries again
    throw error;
  });
  return wasmConfigured;
}

let adapterProbe: Promise<{ status: WebGpuStatus; adapter: GPUAdapter | null }> | null = null;

async function probeAdapter(): Promise<{ status: WebGpuStatus; adapter: GPUAdapter | null }> {
  const gpu = (navigator as typeof navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { status: { status: 'unavailable' }, adapter: null };
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter) return { status: { status: 'unavailable' }, adapter: null };
  const info = adapter.info as GPUAdapterInfo | undefined;
  const name =
    [info?.vendor, info?.architecture, info?.device, info?.description]
      .filter((s) => s)
      .join(' ') || 'unknown adapter';
  // Older Chromium exposed the flag on the adapter itself.
  const legacyFlag = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  const fallback =
    info?.isFallbackAdapter === true || legacyFlag === true || SOFTWARE_ADAPTER.test(name);
  return { status: { status: fallback ? 'fallback' : 'available', adapter: name }, adapter };
}

export function webGpuStatus(): Promise<{ status: WebGpuStatus; adapter: GPUAdapter | null }> {
  adapterProbe ??= probeAdapter();
  return adapterProbe;
}

/** The device ORT's WebGPU sessions run on; ask only once a WebGPU session exists. */
export function webGpuDevice(): unknown {
  return ort.env.webgpu.device;
}

export interface CreatedSession {
  session: ort.InferenceSession;
  info: BackendInfo;
}

/** Runs the new session once (feeds from the caller) so a backend that cannot run fails here. */
export type WarmUp = (session: ort.InferenceSession) => Promise<void>;

async function tryCreate(
  bytes: Uint8Array,
  backend: 'wasm' | 'webgpu',
  warmUp: WarmUp,
): Promise<ort.InferenceSession> {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: [backend],
    graphOptimizationLevel: 'all',
  });
  try {
    await warmUp(session);
  } catch (error) {
    await session.release().catch(() => undefined);
    throw error;
  }
  return session;
}

export async function createSession(
  bytes: Uint8Array,
  preference: BackendPreference,
  warmUp: WarmUp,
): Promise<CreatedSession> {
  await configureWasm();
  const threads = wasmThreadCount();
  const wasmInfo = (notice?: string): BackendInfo => ({
    backend: 'wasm',
    threads,
    simd: true,
    ...(notice ? { notice } : {}),
  });

  let notice: string | undefined;
  if (preference !== 'wasm') {
    const { status, adapter } = await webGpuStatus();
    const usable = status.status === 'available' || (preference === 'webgpu' && adapter);
    if (usable && adapter) {
      try {
        ort.env.webgpu.adapter = adapter;
        const session = await tryCreate(bytes, 'webgpu', warmUp);
        const info: BackendInfo = { backend: 'webgpu', threads, simd: true };
        if (status.adapter) info.adapter = status.adapter;
        if (status.status === 'fallback') {
          info.notice = `WebGPU runs on a software adapter (${status.adapter}): expect it to be slow`;
        }
        return { session, info };
      } catch (error) {
        if (error instanceof ModelRejectedError) throw error;
        notice = `WebGPU failed (${errorMessage(error)}); using WASM instead`;
      }
    } else if (preference === 'webgpu') {
      notice = 'WebGPU is not available in this browser; using WASM instead';
    } else if (status.status === 'fallback') {
      notice = `WebGPU has only a software adapter (${status.adapter}); using WASM`;
    }
  }
  const session = await tryCreate(bytes, 'wasm', warmUp);
  return { session, info: wasmInfo(notice) };
}
