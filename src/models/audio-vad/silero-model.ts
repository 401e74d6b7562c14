// Silero VAD's ONNX interfaces, told apart by their input names:
// - v5 / v6 (`input`, `state [2,1,128]`, `sr`): one state tensor. Silero's own
//   wrapper (utils_vad.py, v5 and later) and @ricky0123/vad-web feed each
//   512-sample frame with the previous frame's last 64 samples in front
//   ([1,576]); v5 and v6 declare identical inputs, so the file cannot say
//   which it is, and both are fed the same way.
// - v4 "legacy" (`input`, `sr`, `h`, `c` of [2,1,64]): 512 samples, no context.

import type { TensorData } from '../types';
import type { SessionLike } from '../shared/model-io';

/** Runs the VAD session on named tensors (onnxruntime-node or -web; the caller owns it). */
export type VadRunner = (feeds: Record<string, TensorData>) => Promise<Record<string, TensorData>>;

export type SileroKind = 'state' | 'legacy';

export const SILERO_RATE = 16000;
export const SILERO_FRAME = 512;
const CONTEXT = 64;

/** Which Silero interface a session has, or a message saying what it lacks. */
export function sileroKindOf(session: Pick<SessionLike, 'inputNames' | 'outputNames'>): SileroKind {
  const inputs = new Set(session.inputNames);
  if (inputs.has('input') && inputs.has('state') && inputs.has('sr')) return 'state';
  if (inputs.has('input') && inputs.has('h') && inputs.has('c') && inputs.has('sr'))
    return 'legacy';
  throw new Error(
    `not a Silero VAD model: inputs ${[...inputs].join(', ') || '(none)'}; expected input, state, sr (v5/v6) or input, sr, h, c (v4)`,
  );
}

/** One frame's speech probability; keeps the recurrent state (and context) between frames. */
export interface SileroStepper {
  step(frame: Float32Array): Promise<number>;
}

function firstFloat(outputs: Record<string, TensorData>, name: string): Float32Array {
  const t = outputs[name];
  if (!t || !(t.data instanceof Float32Array)) {
    throw new Error(`Silero VAD output "${name}" is missing or not float32`);
  }
  return t.data;
}

export function createSileroStepper(run: VadRunner, kind: SileroKind): SileroStepper {
  const sr: TensorData = {
    type: 'int64',
    data: BigInt64Array.from([BigInt(SILERO_RATE)]),
    dims: [],
  };
  if (kind === 'legacy') {
    let h: Float32Array = new Float32Array(2 * 64);
    let c: Float32Array = new Float32Array(2 * 64);
    return {
      async step(frame) {
        const out = await run({
          input: { type: 'float32', data: frame, dims: [1, frame.length] },
          sr,
          h: { type: 'float32', data: h, dims: [2, 1, 64] },
          c: { type: 'float32', data: c, dims: [2, 1, 64] },
        });
        h = firstFloat(out, 'hn');
        c = firstFloat(out, 'cn');
        return firstFloat(out, 'output')[0] ?? 0;
      },
    };
  }
  let state: Float32Array = new Float32Array(2 * 128);
  const withContext = new Float32Array(CONTEXT + SILERO_FRAME);
  return {
    async step(frame) {
      // The previous frame's tail is already at the front (zeros for the first frame).
      withContext.set(frame, CONTEXT);
      const out = await run({
        input: { type: 'float32', data: withContext.slice(), dims: [1, withContext.length] },
        state: { type: 'float32', data: state, dims: [2, 1, 128] },
        sr,
      });
      withContext.copyWithin(0, SILERO_FRAME, SILERO_FRAME + CONTEXT);
      state = firstFloat(out, 'stateN');
      return firstFloat(out, 'output')[0] ?? 0;
    },
  };
}
