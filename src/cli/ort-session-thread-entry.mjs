// Worker thread entry (plain JS: it needs onnxruntime-node only): one
// InferenceSession, run on request. onnxruntime-node's session.run blocks
// the thread that calls it, so a session on the main thread leaves no room
// to decode and preprocess the next batch while one runs; here it does.
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

const session = await ort.InferenceSession.create(workerData.bytes, workerData.options);
parentPort.postMessage({ kind: 'ready', inputNames: session.inputNames });

parentPort.on('message', async (message) => {
  if (message.kind === 'release') {
    await session.release();
    parentPort.postMessage({ kind: 'released' });
    return;
  }
  const { id, input, data, dims, output } = message;
  try {
    const result = await session.run({ [input]: new ort.Tensor('float32', data, dims) }, [output]);
    const tensor = result[output];
    if (!tensor) throw new Error(`the session gave no output "${output}"`);
    // A copy the reply can move; the input's buffer goes back for reuse.
    const out = Float32Array.from(tensor.data);
    parentPort.postMessage({ kind: 'ran', id, output: out, outputDims: tensor.dims, input: data }, [
      out.buffer,
      data.buffer,
    ]);
  } catch (error) {
    parentPort.postMessage({ kind: 'failed', id, message: error.message, input: data }, [
      data.buffer,
    ]);
  }
});
