// Typed arrays ⇄ base64 for head files: exact and about 4× smaller than JSON
// number lists. `btoa`/`atob` exist in browsers, workers and Node ≥ 16.

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Little-endian float32, the layout every platform we run on uses. */
export function float32ToBase64(values: ArrayLike<number>): string {
  const f = Float32Array.from(values);
  return bytesToBase64(new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
}

export function base64ToFloat32(text: string): Float32Array {
  const bytes = base64ToBytes(text);
  if (bytes.length % 4 !== 0) throw new Error('not a float32 array (length not a multiple of 4)');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

export function uint32ToBase64(values: Uint32Array): string {
  return bytesToBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

export function base64ToUint32(text: string): Uint32Array {
  const bytes = base64ToBytes(text);
  if (bytes.length % 4 !== 0) throw new Error('not a uint32 array (length not a multiple of 4)');
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}
