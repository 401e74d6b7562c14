// The runtime-neutral session the speech families run: onnxruntime-node in the
// CLI and tests, onnxruntime-web in the worker (the caller wraps either).
// Whisper's merged decoder takes a boolean input, so the tensor type includes bool.

export interface AsrTensor {
  type: 'float32' | 'int64' | 'int32' | 'bool';
  data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
  dims: number[];
}

export interface AsrSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly {
    name: string;
    shape?: readonly (number | string | null | undefined)[];
  }[];
  run(feeds: Record<string, AsrTensor>): Promise<Record<string, AsrTensor>>;
}

export function floatOutput(
  outputs: Record<string, AsrTensor>,
  name: string,
  model: string,
): AsrTensor & { data: Float32Array } {
  const t = outputs[name];
  if (!t || !(t.data instanceof Float32Array)) {
    throw new Error(
      `${model}: output "${name}" is missing or not float32 (outputs: ${Object.keys(outputs).join(', ')})`,
    );
  }
  return t as AsrTensor & { data: Float32Array };
}
