// Cuts an ImageNet-style classifier to its penultimate pooled features: finds
// the global pooling the classifier head reads (GlobalAveragePool, its
// quantized com.microsoft form, GlobalMaxPool, ReduceMean), exposes its output
// as a graph output (dequantized to float32 when it is an integer tensor) and
// returns the edited model. Runtime-neutral: `onnx-proto` (protobufjs) only.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

const POOLS = new Set([
  'GlobalAveragePool',
  'QLinearGlobalAveragePool',
  'GlobalMaxPool',
  'ReduceMean',
]);
export const FEATURE_OUTPUT = 'prelabel_features';

export interface ExposedFeatures {
  /** The edited model, with `FEATURE_OUTPUT` (float32, [N, C, …]) as an extra output. */
  bytes: Uint8Array;
  /** The tensor of the original graph the features are read from. */
  source: string;
  /** The node that produces it (op type). */
  producer: string;
  /** True when the source was an integer tensor that a DequantizeLinear now turns into floats. */
  dequantized: boolean;
}

type Node = InstanceType<typeof onnx.NodeProto>;

/**
 * `output`: read this tensor instead of searching for the pooled one. Throws a
 * message naming the model and the cause when nothing suitable is found.
 */
export function exposeFeatures(
  modelBytes: Uint8Array,
  name: string,
  output?: string,
): ExposedFeatures {
  let model: InstanceType<typeof onnx.ModelProto>;
  try {
    model = onnx.ModelProto.decode(modelBytes);
  } catch (error) {
    throw new Error(`${name}: not an ONNX model (${(error as Error).message})`, { cause: error });
  }
  const graph = model.graph;
  if (!graph?.node?.length) throw new Error(`${name}: the ONNX model has no graph`);
  const nodes = graph.node as Node[];
  const outputs = (graph.output ??= []);
  const producerOf = new Map<string, Node>();
  for (const n of nodes) for (const o of n.output) producerOf.set(o, n);

  let pool: Node | undefined;
  if (output) {
    pool = producerOf.get(output);
    if (!pool)
      throw new Error(`${name}: no tensor named "${output}" is produced by a node of the graph`);
  } else {
    // Walk back from the first graph output; keep the pooling node closest to it.
    const start = outputs[0]?.name ?? undefined;
    const seen = new Set<string>();
    const queue = start ? [start] : [];
    while (queue.length && !pool) {
      const tensor = queue.shift() as string;
      const n = producerOf.get(tensor);
      if (!n || seen.has(tensor)) continue;
      seen.add(tensor);
      if (POOLS.has(n.opType ?? '')) pool = n;
      else queue.push(...n.input);
    }
    if (!pool) {
      throw new Error(
        `${name}: no pooled feature output found (no ${[...POOLS].join(', ')} feeds the output "${start ?? '?'}"); name the feature tensor explicitly`,
      );
    }
  }
  const source = (output ?? pool.output[0]) as string;
  const quantized = pool.opType === 'QLinearGlobalAveragePool';
  if (quantized) {
    // Inputs: X, x_scale, x_zero_point, y_scale, y_zero_point.
    nodes.push(
      onnx.NodeProto.create({
        name: 'prelabel_dequantize_features',
        opType: 'DequantizeLinear',
        input: [source, pool.input[3] as string, pool.input[4] as string],
        output: [FEATURE_OUTPUT],
      }),
    );
  } else {
    nodes.push(
      onnx.NodeProto.create({
        name: 'prelabel_features_identity',
        opType: 'Identity',
        input: [source],
        output: [FEATURE_OUTPUT],
      }),
    );
  }
  outputs.push(
    onnx.ValueInfoProto.create({
      name: FEATURE_OUTPUT,
      type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } },
    }),
  );
  return {
    bytes: onnx.ModelProto.encode(model).finish(),
    source,
    producer: pool.opType ?? '',
    dequantized: quantized,
  };
}
