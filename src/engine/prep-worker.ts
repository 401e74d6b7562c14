// A worker of its own for decoding images and making input tensors. ONNX
// Runtime's WASM session.run blocks the engine worker's thread while it
// runs, so the next task's decode, getImageData and preprocessing queued
// there waited for it; here they run alongside. Results are transferred.

import * as Comlink from 'comlink';
import { decodeImage } from './decode-image';
import { inputBuffers, prepareImage, type PrepareSpec } from './prepare-image';

const api = {
  async prepareImage(blob: Blob, spec: PrepareSpec, reuse?: Float32Array) {
    const prepared = await prepareImage(blob, spec, reuse);
    return Comlink.transfer(prepared, inputBuffers(prepared.input));
  },
  async decodeImage(blob: Blob) {
    const decoded = await decodeImage(blob);
    return Comlink.transfer(decoded, [decoded.image.data.buffer as ArrayBuffer]);
  },
};

export type PrepApi = typeof api;

Comlink.expose(api);
