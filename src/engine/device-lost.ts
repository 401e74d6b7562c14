// WebGPU devices can be lost mid-run (driver reset, GPU process crash, the
// browser reclaiming memory): every later session.run then fails. The engine
// watches the device ONNX Runtime uses and, when it is lost, reloads the
// model on WASM and goes on, with a notice. ORT exposes the device as
// `ort.env.webgpu.device` (a GPUDevice, or a promise of one, by version).

export interface LostInfo {
  reason: string;
  message: string;
}

interface DeviceLike {
  lost?: Promise<{ reason?: unknown; message?: unknown }>;
}

/**
 * Calls `onLost` once if the device is lost, unless `destroyed` was the
 * reason (we released it ourselves). Returns a function that stops watching.
 */
export function watchDeviceLost(device: unknown, onLost: (info: LostInfo) => void): () => void {
  let watching = true;
  void Promise.resolve(device)
    .then((d) => (d as DeviceLike | undefined)?.lost)
    .then((info) => {
      if (!watching || !info) return;
      const reason = String(info.reason ?? 'unknown');
      if (reason === 'destroyed') return;
      onLost({ reason, message: String(info.message ?? '') });
    })
    .catch(() => undefined);
  return () => {
    watching = false;
  };
}

export function deviceLostNotice(info: LostInfo): string {
  const detail = info.message ? `: ${info.message}` : '';
  return `The GPU device was lost (${info.reason}${detail}); continuing on WASM (CPU).`;
}
