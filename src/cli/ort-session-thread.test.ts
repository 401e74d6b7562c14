// The backbone's session thread: runs as the in-process session does, hands
// the input's memory back, names a failed run and goes on, and refuses to
// open a file that is no model; a pool of them runs many at once, each
// run with its own answer.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../test/tiny-onnx';
import { openSessionPool, openSessionThread } from './ort-session-thread';

/** y = x · W ([n, 3] → [n, 2]). */
const MODEL = buildModel({
  inputs: [{ name: 'x', type: 'float32', dims: ['n', 3] }],
  outputs: [{ name: 'y', type: 'float32', dims: ['n', 2] }],
  initializers: [{ name: 'W', dims: [3, 2], data: Float32Array.of(1, 2, 3, 4, 5, 6) }],
  nodes: [{ op: 'MatMul', inputs: ['x', 'W'], outputs: ['y'] }],
});

describe('openSessionThread', () => {
  it('runs as an in-process session and hands the input buffer back', async () => {
    const thread = await openSessionThread(MODEL, {});
    try {
      expect(thread.inputNames).toEqual(['x']);
      const x = Float32Array.of(1, 0, 2, -1, 3, 0.5);
      const copy = x.slice();
      const ran = await thread.run('x', x, [2, 3], 'y');
      const local = await ort.InferenceSession.create(MODEL);
      const { y } = await local.run({ x: new ort.Tensor('float32', copy, [2, 3]) });
      expect(ran.output).toEqual(y!.data);
      expect(ran.outputDims).toEqual([2, 2]);
      // The same values back, in memory the caller owns again.
      expect(ran.input).toEqual(copy);
      expect(x.length).toBe(0);
      // A view into a larger buffer is copied, never moved with its neighbours.
      const big = new Float32Array(12).fill(1);
      const again = await thread.run('x', big.subarray(0, 3), [1, 3], 'y');
      expect([...again.output]).toEqual([9, 12]);
      expect(big.length).toBe(12);
    } finally {
      await thread.release();
    }
  });

  it('names a failed run and runs the next one', async () => {
    const thread = await openSessionThread(MODEL, {});
    try {
      await expect(thread.run('x', Float32Array.of(1, 2), [1, 2], 'y')).rejects.toThrow(
        /dim|shape|dimension/i,
      );
      await expect(thread.run('x', Float32Array.of(1, 1, 1), [1, 3], 'nope')).rejects.toThrow(
        /nope/,
      );
      const ok = await thread.run('x', Float32Array.of(1, 1, 1), [1, 3], 'y');
      expect([...ok.output]).toEqual([9, 12]);
    } finally {
      await thread.release();
    }
  });

  it('refuses bytes that are no model, with onnxruntime’s reason', async () => {
    await expect(openSessionThread(new Uint8Array([1, 2, 3]), {})).rejects.toThrow(
      /Failed to load model because protobuf parsing failed/,
    );
  });
});

describe('openSessionPool', () => {
  it('runs more requests than threads, each with its own answer, a failed one alone', async () => {
    const pool = await openSessionPool(MODEL, {}, 2);
    try {
      expect(pool.size).toBe(2);
      expect(pool.inputNames).toEqual(['x']);
      const runs = Array.from({ length: 7 }, (_, i) =>
        i === 3
          ? pool.run('x', Float32Array.of(1, 2), [1, 2], 'y')
          : pool.run('x', Float32Array.of(i, 0, 0), [1, 3], 'y'),
      );
      const settled = await Promise.allSettled(runs);
      settled.forEach((s, i) => {
        if (i === 3) {
          expect(s.status).toBe('rejected');
          return;
        }
        expect(s.status).toBe('fulfilled');
        // x = (i, 0, 0): y = i · (1, 2).
        if (s.status === 'fulfilled') expect([...s.value.output]).toEqual([i, 2 * i]);
      });
    } finally {
      await pool.release();
    }
  });

  it('refuses bytes that are no model, with onnxruntime’s reason', async () => {
    await expect(openSessionPool(new Uint8Array([1, 2, 3]), {}, 2)).rejects.toThrow(
      /protobuf parsing failed/,
    );
  });
});
