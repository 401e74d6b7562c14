// Tests: tiny ONNX graphs with seeded random weights, for families that have
// no real model here (Ultralytics pose/obb/cls, YOLOv5 heads). Written with
// protobufjs' Writer, field numbers from onnx.proto (ModelProto, GraphProto,
// NodeProto, TensorProto, ValueInfoProto).
import protobuf from 'protobufjs/minimal.js';

const { Writer } = protobuf;
type W = protobuf.Writer;

const VARINT = 0;
const FIXED32 = 5;
const BYTES = 2;
const FLOAT = 1;
const INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** Ints, int lists and floats (`{ float: n }`). */
type AttributeValue = number | number[] | { float: number };

export interface TinyNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttributeValue>;
}

export interface TinyTensor {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export interface TinyGraph {
  input: { name: string; dims: number[] };
  outputs: string[];
  nodes: TinyNode[];
  initializers: TinyTensor[];
  metadata?: Record<string, string>;
}

const tag = (w: W, field: number, wire: number) => w.uint32((field << 3) | wire);

function message(w: W, field: number, body: (w: W) => void): void {
  tag(w, field, BYTES).fork();
  body(w);
  w.ldelim();
}

function attribute(w: W, name: string, value: AttributeValue) {
  message(w, 5, (a) => {
    tag(a, 1, BYTES).string(name);
    if (Array.isArray(value)) {
      for (const v of value) tag(a, 8, VARINT).int64(v);
      tag(a, 20, VARINT).int32(ATTR_INTS);
    } else if (typeof value === 'object') {
      tag(a, 2, FIXED32).float(value.float);
      tag(a, 20, VARINT).int32(ATTR_FLOAT);
    } else {
      tag(a, 3, VARINT).int64(value);
      tag(a, 20, VARINT).int32(ATTR_INT);
    }
  });
}

function tensor(w: W, field: number, t: TinyTensor): void {
  message(w, field, (m) => {
    for (const d of t.dims) tag(m, 1, VARINT).int64(d);
    tag(m, 2, VARINT).int32(t.data instanceof Float32Array ? FLOAT : INT64);
    tag(m, 8, BYTES).string(t.name);
    const { buffer, byteOffset, byteLength } = t.data;
    tag(m, 9, BYTES).bytes(new Uint8Array(buffer, byteOffset, byteLength));
  });
}

function valueInfo(w: W, field: number, name: string, dims?: number[]): void {
  message(w, field, (v) => {
    tag(v, 1, BYTES).string(name);
    message(v, 2, (type) =>
      message(type, 1, (t) => {
        tag(t, 1, VARINT).int32(FLOAT);
        if (dims) {
          message(t, 2, (shape) => {
            for (const d of dims) message(shape, 1, (dim) => tag(dim, 1, VARINT).int64(d));
          });
        }
      }),
    );
  });
}

/** The .onnx bytes of `graph` (IR 8, opset 17). */
export function tinyOnnx(graph: TinyGraph): Uint8Array {
  const w = Writer.create();
  tag(w, 1, VARINT).int64(8);
  tag(w, 2, BYTES).string('prelabel-tests');
  message(w, 7, (g) => {
    graph.nodes.forEach((node, i) => {
      message(g, 1, (n) => {
        for (const input of node.inputs) tag(n, 1, BYTES).string(input);
        for (const output of node.outputs) tag(n, 2, BYTES).string(output);
        tag(n, 3, BYTES).string(`n${i}`);
        tag(n, 4, BYTES).string(node.op);
        for (const [name, value] of Object.entries(node.attributes ?? {}))
          attribute(n, name, value);
      });
    });
    tag(g, 2, BYTES).string('tiny');
    for (const t of graph.initializers) tensor(g, 5, t);
    valueInfo(g, 11, graph.input.name, graph.input.dims);
    for (const name of graph.outputs) valueInfo(g, 12, name);
  });
  message(w, 8, (o) => {
    tag(o, 1, BYTES).string('');
    tag(o, 2, VARINT).int64(17);
  });
  for (const [key, value] of Object.entries(graph.metadata ?? {})) {
    message(w, 14, (e) => {
      tag(e, 1, BYTES).string(key);
      tag(e, 2, BYTES).string(value);
    });
  }
  return w.finish();
}

/** Seeded uniform numbers in [-1, 1) (mulberry32): the same weights on every run. */
export function seededWeights(count: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}
