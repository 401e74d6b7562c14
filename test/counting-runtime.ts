// The engine worker's runtime (onnxruntime-web's WASM, here through
// onnxruntime-node's loader) that counts session runs: tests check that a
// cached path runs no model again.
import type { OnnxRuntime } from '../src/models/predictor';
import { nodeRuntime } from '../src/models/predictor/node-runtime';

/** The worker's WASM runtime on onnxruntime-node, calling `onRun` before every session run (to count them). */
export function countingRuntime(onRun: () => void): () => OnnxRuntime {
  return () => {
    const inner = nodeRuntime('wasm');
    return {
      async createSession(...args: Parameters<typeof inner.createSession>) {
        const session = await inner.createSession(...args);
        const run = session.run.bind(session);
        session.run = (feeds) => {
          onRun();
          return run(feeds);
        };
        return session;
      },
    };
  };
}
