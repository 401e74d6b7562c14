// Types for the parts of `murmurhash3js-revisited` (CommonJS, untyped) we use.
declare module 'murmurhash3js-revisited' {
  const murmur: {
    /** Skips a per-byte validity scan when false (we always pass a Uint8Array). */
    inputValidation: boolean;
    x86: {
      /** MurmurHash3 x86 32-bit of the bytes, as an unsigned integer. */
      hash32(bytes: Uint8Array, seed?: number): number;
    };
  };
  export default murmur;
}
