import { ModelLayoutError } from './errors';

/** A tensor shape as a runtime reports it: dynamic axes may be names or -1. */
export type Dims = readonly (number | string | null | undefined)[];

export interface NamedDims {
  name: string;
  dims: Dims;
}

/** The names and shapes of a model's inputs and outputs, in model order. */
export interface ModelIO {
  inputs: NamedDims[];
  outputs: NamedDims[];
}

/** The parts of an onnxruntime (web or node) InferenceSession read here. */
export interface SessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly { name: string; isTensor?: boolean; shape?: Dims }[];
  readonly outputMetadata?: readonly { name: string; isTensor?: boolean; shape?: Dims }[];
}

/** Reads IO names and shapes from a session; shapes are [] when the runtime does not say. */
export function inspectModelIO(session: SessionLike): ModelIO {
  const shapes = (meta: SessionLike['inputMetadata'], names: readonly string[]): NamedDims[] =>
    names.map((name) => ({ name, dims: meta?.find((m) => m.name === name)?.shape ?? [] }));
  return {
    inputs: shapes(session.inputMetadata, session.inputNames),
    outputs: shapes(session.outputMetadata, session.outputNames),
  };
}

/** A fixed, positive axis length, or undefined for a dynamic one. */
export function staticDim(d: Dims[number]): number | undefined {
  return typeof d === 'number' && d > 0 ? d : undefined;
}

/** "[1,84,8400]", dynamic axes by name or "?". */
export function formatDims(dims: Dims): string {
  return `[${dims.map((d) => (typeof d === 'number' && d >= 0 ? d : (d ?? '?'))).join(',')}]`;
}

export interface ImageInput {
  name: string;
  layout: 'NCHW' | 'NHWC';
  /** Undefined when the axis is dynamic. */
  width?: number;
  height?: number;
}

/**
 * Checks that a model takes exactly one image tensor (rank 4, 3 channels)
 * and returns its layout and size; throws ModelLayoutError otherwise.
 */
export function imageInputOf(io: ModelIO): ImageInput {
  const expected = 'a single image input [1,3,H,W] (or [1,H,W,3])';
  if (io.inputs.length !== 1) {
    const found = io.inputs.map((i) => `${i.name} ${formatDims(i.dims)}`).join(', ');
    throw new ModelLayoutError(`the model has ${io.inputs.length} inputs (${found})`, expected);
  }
  const input = io.inputs[0] as NamedDims;
  const { dims, name } = input;
  const found = `input "${name}" has shape ${formatDims(dims)}`;
  if (dims.length !== 4) throw new ModelLayoutError(found, expected);
  if (staticDim(dims[1]) === 3) {
    return { name, layout: 'NCHW', height: staticDim(dims[2]), width: staticDim(dims[3]) };
  }
  if (staticDim(dims[3]) === 3) {
    return { name, layout: 'NHWC', height: staticDim(dims[1]), width: staticDim(dims[2]) };
  }
  throw new ModelLayoutError(found, expected);
}

/** Feature-map cells per stride (ceil: a stride-2 conv with padding rounds up). */
export function gridCells(width: number, height: number, strides: readonly number[]): number[] {
  return strides.map((s) => Math.ceil(width / s) * Math.ceil(height / s));
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
