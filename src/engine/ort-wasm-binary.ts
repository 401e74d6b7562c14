// ONNX Runtime's WebAssembly, handed to it as bytes that carry this worker's
// module tag (why: ort-module-tag.ts).
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';

export const ORT_TAG_SECTION = 'prelabel-module';

/** Room for the custom section: id, one-byte size, one-byte name length, name, tag. */
const MAX_SECTION_CONTENT = 127;

export async function fetchOrtWasm(
  tag: string,
  url: string = ortWasmUrl,
): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(
      `ONNX Runtime's WebAssembly could not be loaded (${url}: HTTP ${response.status})`,
    );
  }
  return withTagSection(new Uint8Array(await response.arrayBuffer()), tag);
}

/** The module with a custom section (which runtimes ignore) holding `tag`, at its end. */
export function withTagSection(module: Uint8Array, tag: string): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const name = encoder.encode(ORT_TAG_SECTION);
  const content = new Uint8Array([name.length, ...name, ...encoder.encode(tag)]);
  if (content.length > MAX_SECTION_CONTENT) {
    throw new Error('the module tag must fit a one-byte section size');
  }
  const out = new Uint8Array(module.length + 2 + content.length);
  out.set(module);
  out[module.length] = 0; // custom section id
  out[module.length + 1] = content.length;
  out.set(content, module.length + 2);
  return out;
}
