// Builds tiny ONNX graphs in tests (onnx-proto), for model paths that have no
// real weights offline: token classifiers, sequence classifiers, KV-cache LMs.
import { onnx } from 'onnx-proto';

export type ElemType = 'float32' | 'int64' | 'int32' | 'bool';

const DATA_TYPE: Record<ElemType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
};

export interface ValueSpec {
  name: string;
  type: ElemType;
  /** Numbers are fixed axes, strings symbolic ones. */
  dims: (number | string)[];
}

export interface InitSpec {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array | Int32Array;
}

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, number | number[]>;
}

function valueInfo(v: ValueSpec): onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: DATA_TYPE[v.type],
        shape: {
          dim: v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

function initializer(t: InitSpec): onnx.ITensorProto {
  const type =
    t.data instanceof Float32Array ? 'float32' : t.data instanceof Int32Array ? 'int32' : 'int64';
  return {
    name: t.name,
    dims: t.dims,
    dataType: DATA_TYPE[type],
    rawData: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
  };
}

function attribute(name: string, v: number | number[]): onnx.IAttributeProto {
  if (Array.isArray(v)) return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v };
  return Number.isInteger(v)
    ? { name, type: onnx.AttributeProto.AttributeType.INT, i: v }
    : { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v };
}

export function buildModel(spec: {
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  initializers: InitSpec[];
  nodes: NodeSpec[];
  opset?: number;
}): Uint8Array {
  const model: onnx.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: spec.opset ?? 17 }],
    producerName: 'prelabel-tests',
    graph: {
      name: 'tiny',
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
      initializer: spec.initializers.map(initializer),
      node: spec.nodes.map((n, i) => ({
        name: `n${i}`,
        opType: n.op,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => attribute(k, v)),
      })),
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** Deterministic pseudo-random floats in [-1, 1) (tests need no crypto). */
export function randomFloats(count: number, seed: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: count }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 2 ** 32) * 2 - 1;
  });
}

export function int64(values: number[]): BigInt64Array {
  return BigInt64Array.from(values, (v) => BigInt(v));
}
