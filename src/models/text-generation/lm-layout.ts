// What a causal LM ONNX takes and gives, read from its input/output names:
// llama2.c exports take `input_ids` only (the full sequence every step);
// Hugging Face / Optimum exports add `attention_mask`, maybe `position_ids`,
// and `past_key_values.N.key|value` inputs matched by `present.N.key|value`
// outputs (a KV cache), plus `use_cache_branch` in merged decoders.
import { ModelLayoutError } from '../shared/errors';
import { staticDim } from '../shared/model-io';
import type { TensorSession } from '../shared/tensor-session';

export interface PastSlot {
  input: string;
  output: string;
  /** [heads, headDim] of the cache tensor [batch, heads, past, headDim]. */
  heads: number;
  headDim: number;
}

export interface LmLayout {
  idsInput: string;
  idsType: string;
  logitsOutput: string;
  attentionMask?: string;
  positionIds?: string;
  useCacheBranch?: string;
  /** Empty: no KV cache, every step recomputes the full sequence. */
  past: PastSlot[];
}

/** Cache sizes from a Hugging Face `config.json` when the model's shapes are symbolic. */
export interface LmConfig {
  num_attention_heads?: number;
  num_key_value_heads?: number;
  hidden_size?: number;
  head_dim?: number;
  n_head?: number;
  n_embd?: number;
}

const PAST = /^past_key_values\.(\d+)\.(key|value)$/;

function cacheSize(
  name: string,
  dims: readonly unknown[],
  config: LmConfig | undefined,
): [number, number] {
  const heads =
    staticDim(dims[1] as number) ??
    config?.num_key_value_heads ??
    config?.num_attention_heads ??
    config?.n_head;
  const allHeads = config?.num_attention_heads ?? config?.n_head;
  const hidden = config?.hidden_size ?? config?.n_embd;
  const headDim =
    staticDim(dims[3] as number) ??
    config?.head_dim ??
    (hidden && allHeads ? hidden / allHeads : undefined);
  if (!heads || !headDim) {
    throw new ModelLayoutError(
      `input "${name}" has symbolic head sizes and no config.json says them`,
      'numeric [batch, heads, past, head_dim] shapes or a config.json with num_attention_heads and hidden_size',
    );
  }
  return [heads, headDim];
}

export function readLmLayout(session: TensorSession, config?: LmConfig): LmLayout {
  const inputs = session.io.inputs.map((i) => i.name);
  const outputs = session.io.outputs.map((o) => o.name);
  const idsInput = inputs.includes('input_ids') ? 'input_ids' : undefined;
  if (!idsInput) {
    throw new ModelLayoutError(
      `the inputs are ${inputs.join(', ') || 'none'}`,
      'a causal language model with an `input_ids` input',
    );
  }
  const logitsOutput = outputs.includes('logits') ? 'logits' : outputs[0];
  if (!logitsOutput) throw new ModelLayoutError('the model has no outputs', 'a `logits` output');
  const layout: LmLayout = {
    idsInput,
    idsType: session.inputTypes[idsInput] ?? 'int64',
    logitsOutput,
    past: [],
  };
  if (inputs.includes('attention_mask')) layout.attentionMask = 'attention_mask';
  if (inputs.includes('position_ids')) layout.positionIds = 'position_ids';
  if (inputs.includes('use_cache_branch')) layout.useCacheBranch = 'use_cache_branch';
  for (const input of session.io.inputs) {
    const m = PAST.exec(input.name);
    if (!m) continue;
    const output = `present.${m[1]}.${m[2]}`;
    if (!outputs.includes(output)) {
      throw new ModelLayoutError(
        `input "${input.name}" has no matching output "${output}"`,
        'a present.N.key/value output for every past_key_values.N.key/value input',
      );
    }
    const type = session.inputTypes[input.name] ?? 'float32';
    if (type !== 'float32') {
      throw new ModelLayoutError(`the KV cache "${input.name}" is ${type}`, 'a float32 KV cache');
    }
    const [heads, headDim] = cacheSize(input.name, input.dims, config);
    layout.past.push({ input: input.name, output, heads, headDim });
  }
  return layout;
}
