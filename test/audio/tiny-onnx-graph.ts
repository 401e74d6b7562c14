// Builds small ONNX graphs in tests (no model file in the repository): nodes,
// float/int64 initialisers and typed inputs/outputs, encoded with onnx-proto.
import * as onnxProto from 'onnx-proto';

// A CommonJS module: Node's ESM loader (Playwright) puts it under `default`, vitest does not.
const { onnx } = (onnxProto as unknown as { default?: typeof onnxProto }).default ?? onnxProto;

type Dim = number | string;
type Attr = number | number[] | string;

type OnnxTypes = typeof onnxProto.onnx;
type Proto<K extends keyof typeof onnxProto.onnx> = OnnxTypes[K] extends {
  create(p?: infer P): unknown;
}
  ? P
  : never;

export interface GraphSpec {
  nodes: Proto<'NodeProto'>[];
  initializers: Proto<'TensorProto'>[];
  inputs: Proto<'ValueInfoProto'>[];
  outputs: Proto<'ValueInfoProto'>[];
}

const ELEM = { float32: 1, int64: 7, bool: 9 } as const;

export function node(
  op: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, Attr> = {},
) {
  const attribute = Object.entries(attrs).map(([name, v]) => {
    if (typeof v === 'string')
      return {
        name,
        type: onnx.AttributeProto.AttributeType.STRING,
        s: new TextEncoder().encode(v),
      };
    if (Array.isArray(v)) return { name, type: onnx.AttributeProto.AttributeType.INTS, ints: v };
    return Number.isInteger(v)
      ? { name, type: onnx.AttributeProto.AttributeType.INT, i: v }
      : { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: v };
  });
  return { opType: op, input: inputs, output: outputs, attribute, name: `${op}_${outputs[0]}` };
}

export function floatTensor(
  name: string,
  dims: number[],
  data: Float32Array | number[],
): Proto<'TensorProto'> {
  return { name, dims, dataType: ELEM.float32, floatData: Array.from(data) };
}

export function int64Tensor(name: string, dims: number[], data: number[]): Proto<'TensorProto'> {
  return { name, dims, dataType: ELEM.int64, int64Data: data };
}

export function io(name: string, type: keyof typeof ELEM, dims: Dim[]): Proto<'ValueInfoProto'> {
  return {
    name,
    type: {
      tensorType: {
        elemType: ELEM[type],
        shape: {
          dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

export function encodeModel(spec: GraphSpec, opset = 17): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    producerName: 'prelabel-test',
    graph: {
      name: 'tiny',
      node: spec.nodes,
      initializer: spec.initializers,
      input: spec.inputs,
      output: spec.outputs,
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** A seeded generator for the "random" weights (mulberry32), so tests are repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
