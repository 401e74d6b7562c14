// The KV-cache path on tiny causal graphs built here (no real Hugging Face LM
// weights offline): the cached path must pick the same tokens as a full
// recompute, feeding one new token per step.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel, int64, randomFloats, type ValueSpec } from '../../../test/tiny-onnx';
import { loadHfTokenizer } from '../shared/hf-tokenizer';
import { openNodeTensorSession } from '../shared/node-tensor-session';
import type { TensorSession } from '../shared/tensor-session';
import { generate } from './generate';
import { hfLmTokenizer } from './hf-lm';
import { readLmLayout } from './lm-layout';
import { pickLmPackage } from './package-files';
import { fixturesPresent } from '../../../test/require-fixtures';

const DIR = new URL('../../../../shared/models/tokenizers/all-minilm-l6-v2/', import.meta.url);
const present = fixturesPresent('the all-MiniLM tokenizer', new URL('tokenizer.json', DIR));

const VOCAB = 30522;
const D = 4;

/**
 * logits[t] = (Σ_{j≤t} E[id_j] + E[id_t]) · W: causal, so the last row of a
 * full pass equals a cached step. present.0.key = past ++ E[ids] (seq axis).
 */
function cachedLm(extraInputs: ValueSpec[] = [], symbolicHeads = false): Uint8Array {
  const past = (name: string): ValueSpec => ({
    name,
    type: 'float32',
    dims: [1, symbolicHeads ? 'heads' : 1, 'past', symbolicHeads ? 'head_dim' : D],
  });
  return buildModel({
    inputs: [
      { name: 'input_ids', type: 'int64', dims: [1, 'seq'] },
      { name: 'attention_mask', type: 'int64', dims: [1, 'total'] },
      past('past_key_values.0.key'),
      past('past_key_values.0.value'),
      ...extraInputs,
    ],
    outputs: [
      { name: 'logits', type: 'float32', dims: [1, 'seq', VOCAB] },
      { name: 'present.0.key', type: 'float32', dims: [1, 1, 'total', D] },
      { name: 'present.0.value', type: 'float32', dims: [1, 1, 'total', D] },
    ],
    initializers: [
      { name: 'E', dims: [VOCAB, D], data: randomFloats(VOCAB * D, 11) },
      { name: 'W', dims: [D, VOCAB], data: randomFloats(D * VOCAB, 12) },
      { name: 'axis1', dims: [1], data: int64([1]) },
      { name: 'axis2', dims: [], data: int64([2]) },
      { name: 'axis2v', dims: [1], data: int64([2]) },
      { name: 'axis0', dims: [1], data: int64([0]) },
      { name: 'big', dims: [1], data: int64([1_000_000]) },
    ],
    nodes: [
      { op: 'Gather', inputs: ['E', 'input_ids'], outputs: ['h'] },
      { op: 'Unsqueeze', inputs: ['h', 'axis1'], outputs: ['hk'] },
      {
        op: 'Concat',
        inputs: ['past_key_values.0.key', 'hk'],
        outputs: ['present.0.key'],
        attrs: { axis: 2 },
      },
      {
        op: 'Concat',
        inputs: ['past_key_values.0.value', 'hk'],
        outputs: ['present.0.value'],
        attrs: { axis: 2 },
      },
      { op: 'CumSum', inputs: ['present.0.key', 'axis2'], outputs: ['cs'] },
      { op: 'Shape', inputs: ['past_key_values.0.key'], outputs: ['shape'] },
      { op: 'Gather', inputs: ['shape', 'axis2'], outputs: ['p'] },
      { op: 'Unsqueeze', inputs: ['p', 'axis0'], outputs: ['p1'] },
      { op: 'Slice', inputs: ['cs', 'p1', 'big', 'axis2v'], outputs: ['last'] },
      { op: 'Squeeze', inputs: ['last', 'axis1'], outputs: ['sq'] },
      { op: 'Add', inputs: ['sq', 'h'], outputs: ['mix'] },
      { op: 'MatMul', inputs: ['mix', 'W'], outputs: ['logits'] },
    ],
  });
}

function recording(session: TensorSession) {
  const lengths: number[] = [];
  const wrapped: TensorSession = {
    io: session.io,
    inputTypes: session.inputTypes,
    run: (feeds) => {
      lengths.push(feeds['input_ids']!.dims[1] as number);
      return session.run(feeds);
    },
  };
  return { wrapped, lengths };
}

function tokenizer() {
  const read = (name: string) => readFileSync(new URL(name, DIR), 'utf8');
  return hfLmTokenizer(loadHfTokenizer(read('tokenizer.json'), read('tokenizer_config.json')));
}

describe.skipIf(!present)('generation with past_key_values', () => {
  it('reads the cache slots and picks the same tokens as a full recompute', async () => {
    const session = await openNodeTensorSession(cachedLm());
    const layout = readLmLayout(session);
    expect(layout.past).toEqual([
      { input: 'past_key_values.0.key', output: 'present.0.key', heads: 1, headDim: D },
      { input: 'past_key_values.0.value', output: 'present.0.value', heads: 1, headDim: D },
    ]);
    const lm = { ...tokenizer(), eos: [] };
    const { wrapped, lengths } = recording(session);
    const cached = await generate(wrapped, layout, lm, 'the cat sat on', { maxNewTokens: 12 });
    const full = await generate(session, layout, lm, 'the cat sat on', {
      maxNewTokens: 12,
      recompute: true,
    });
    expect(cached.ids).toEqual(full.ids);
    expect(cached.ids).toHaveLength(12);
    expect(new Set(cached.ids).size).toBeGreaterThan(1);
    const prompt = cached.promptTokens;
    expect(lengths).toEqual([prompt, ...new Array<number>(11).fill(1)]);
  });

  it('feeds use_cache_branch and position_ids of merged decoders, head sizes from config.json', async () => {
    const extra: ValueSpec[] = [
      { name: 'position_ids', type: 'int64', dims: [1, 'seq'] },
      { name: 'use_cache_branch', type: 'bool', dims: [1] },
    ];
    const session = await openNodeTensorSession(cachedLm(extra, true));
    expect(() => readLmLayout(session)).toThrow(/symbolic head sizes/);
    const layout = readLmLayout(session, { num_attention_heads: 1, hidden_size: D });
    expect(layout).toMatchObject({
      positionIds: 'position_ids',
      useCacheBranch: 'use_cache_branch',
    });
    const out = await generate(session, layout, { ...tokenizer(), eos: [] }, 'hello', {
      maxNewTokens: 5,
    });
    expect(out.ids).toHaveLength(5);
  });
});

describe('pickLmPackage', () => {
  it('prefers the merged decoder of a Hugging Face export', () => {
    expect(
      pickLmPackage([
        'config.json',
        'tokenizer.json',
        'onnx/model.onnx',
        'onnx/decoder_model_merged.onnx',
      ]),
    ).toEqual({
      kind: 'hf',
      model: 'onnx/decoder_model_merged.onnx',
      tokenizer: 'tokenizer.json',
      config: 'config.json',
    });
    expect(pickLmPackage(['model.onnx', 'tok512.bin'])).toEqual({
      kind: 'llama2c',
      model: 'model.onnx',
      tokenizer: 'tok512.bin',
    });
  });
  it('says what is missing', () => {
    expect(() => pickLmPackage(['tokenizer.json'])).toThrow(/none of decoder_model_merged\.onnx/);
    expect(() => pickLmPackage(['a.onnx'])).toThrow(/a generation model needs tokenizer\.json/);
  });
});
