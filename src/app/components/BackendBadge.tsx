import { useApp } from '../store';

/** Where inference runs: the loaded model's backend, else what a load would get. */
export function BackendBadge() {
  const env = useApp((s) => s.env);
  const model = useApp((s) => s.model);
  if (!env) return <span className="badge">Engine starting…</span>;
  const backend = model?.backend.backend ?? 'wasm';
  const threads = model?.backend.threads ?? env.wasmThreads;
  const label =
    backend === 'webgpu'
      ? `WebGPU${model?.backend.adapter ? ` (${model.backend.adapter})` : ''}`
      : backend === 'js'
        ? 'JavaScript (no ONNX model)'
        : `WASM SIMD · ${threads} thread${threads === 1 ? '' : 's'}`;
  return (
    <span
      className="badge"
      data-testid="backend-info"
      data-backend={backend}
      data-threads={threads}
      data-isolated={String(env.crossOriginIsolated)}
      title={
        env.crossOriginIsolated
          ? 'cross-origin isolated: threads available'
          : 'not cross-origin isolated: 1 thread'
      }
    >
      {label}
    </span>
  );
}
