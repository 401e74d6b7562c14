import type { TensorData } from '../types';
import { ModelLayoutError } from './errors';
import { formatDims } from './model-io';

/** The float32 values of an output tensor, or a clear error for other types. */
export function floatData(tensor: TensorData, name: string): Float32Array {
  if (tensor.data instanceof Float32Array) return tensor.data;
  throw new ModelLayoutError(
    `output "${name}" ${formatDims(tensor.dims)} holds ${tensor.type}`,
    'float32 values',
  );
}
