// A Whisper-shaped model package with tiny hand-set "random" weights, written
// into a folder beside the real whisper-tiny tokenizer files. Its behaviour is
// designed so a test can tell the plumbing works end to end:
// - encoder: MatMul of the mel frames (column 0 = the mean over the 80 bins);
// - decoder: each token's state (one-hot Gather) picks the next token; after
//   <|notimestamps|> the mean of the encoder output decides: speech-like
//   features (mean > −0.83) give " Hello world.", the floor of silence (−1.5)
//   gives " No speech.". Small random noise on every weight.
// - merged layout: one layer of past_key_values.0.{decoder,encoder}.{key,value}
//   [1,2,·,4] and use_cache_branch, as Optimum exports them; or plain
//   decoder_model.onnx without a cache.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeModel, floatTensor, int64Tensor, io, node, seededRandom } from './tiny-onnx-graph';

export const WHISPER_TOKENIZER_DIR = '../shared/models/tokenizers/whisper-tiny';
const VOCAB = 51865;
const HIDDEN = 4;
const HEADS = 2;
const HEAD_DIM = 4;

export const TOKENS = {
  sot: 50258,
  en: 50259,
  fr: 50265,
  transcribe: 50359,
  noTimestamps: 50363,
  eot: 50257,
};
const WORDS = { hello: 2425, world: 1002, dot: 13, no: 883, speech: 6218 };

function encoderGraph(random: () => number): Uint8Array {
  const w = new Float32Array(80 * HIDDEN).map(() => (random() - 0.5) * 0.01);
  for (let m = 0; m < 80; m++) w[m * HIDDEN] = 1 / 80;
  return encodeModel({
    nodes: [
      node('Transpose', ['input_features'], ['frames'], { perm: [0, 2, 1] }),
      node('MatMul', ['frames', 'w_enc'], ['last_hidden_state']),
    ],
    initializers: [floatTensor('w_enc', [80, HIDDEN], w)],
    inputs: [io('input_features', 'float32', ['batch_size', 80, 3000])],
    outputs: [io('last_hidden_state', 'float32', ['batch_size', 3000, HIDDEN])],
  });
}

function decoderGraph(random: () => number, cached: boolean): Uint8Array {
  const states = [
    TOKENS.sot,
    TOKENS.en,
    TOKENS.transcribe,
    TOKENS.noTimestamps,
    WORDS.hello,
    WORDS.world,
    WORDS.dot,
    WORDS.no,
    WORDS.speech,
  ];
  const S = states.length + 1; // state 0: every other token
  const noise = () => (random() - 0.5) * 0.02;
  const embed = new Float32Array(VOCAB * S).map(noise);
  for (let t = 0; t < VOCAB; t++) embed[t * S + (states.indexOf(t) + 1)] = 1;
  const next = new Float32Array(S * VOCAB).map(noise);
  const to = (from: number, token: number, logit = 50) =>
    (next[(states.indexOf(from) + 1) * VOCAB + token] = logit);
  to(TOKENS.sot, TOKENS.fr); // only a forced language prompt reaches <|en|>
  to(WORDS.hello, WORDS.world);
  to(WORDS.world, WORDS.dot);
  to(WORDS.dot, TOKENS.eot);
  to(WORDS.no, WORDS.speech);
  to(WORDS.speech, WORDS.dot);
  next[TOKENS.eot] = 50; // state 0 → end of text
  // " Hello" scores 30 + 30·mean(features), " No" 5: speech (mean ≈ −0.7 for a phrase in a
  // 30 s window) gives ≈ 9 > 5; silence (−1.5) gives −15 < 5.
  to(TOKENS.noTimestamps, WORDS.hello, 30);
  to(TOKENS.noTimestamps, WORDS.no, 5);
  const audio = new Float32Array(HIDDEN * VOCAB);
  audio[WORDS.hello] = 30;

  const nodes = [
    node('Gather', ['embed', 'input_ids'], ['state']),
    node('MatMul', ['state', 'next'], ['token_logits']),
    node('ReduceMean', ['encoder_hidden_states'], ['enc_mean'], { axes: [1], keepdims: 1 }),
    node('MatMul', ['enc_mean', 'audio'], ['audio_logits']),
    node('Add', ['token_logits', 'audio_logits'], cached ? ['logits_raw'] : ['logits']),
  ];
  const initializers = [
    floatTensor('embed', [VOCAB, S], embed),
    floatTensor('next', [S, VOCAB], next),
    floatTensor('audio', [HIDDEN, VOCAB], audio),
  ];
  const inputs = [
    io('input_ids', 'int64', ['batch_size', 'decoder_sequence_length']),
    io('encoder_hidden_states', 'float32', ['batch_size', 'encoder_sequence_length', HIDDEN]),
  ];
  const outputs = [io('logits', 'float32', ['batch_size', 'decoder_sequence_length', VOCAB])];
  if (cached) {
    const kv = HEADS * HEAD_DIM;
    initializers.push(
      floatTensor('k_embed', [VOCAB, kv], new Float32Array(VOCAB * kv).map(noise)),
      floatTensor('w_cross', [HIDDEN, kv], new Float32Array(HIDDEN * kv).map(noise)),
      int64Tensor('split_heads', [4], [1, -1, HEADS, HEAD_DIM]),
    );
    nodes.push(
      // Self-attention cache: past + the new tokens' keys/values.
      node('Gather', ['k_embed', 'input_ids'], ['new_kv_flat']),
      node('Reshape', ['new_kv_flat', 'split_heads'], ['new_kv_split']),
      node('Transpose', ['new_kv_split'], ['new_kv'], { perm: [0, 2, 1, 3] }),
      node('Concat', ['past_key_values.0.decoder.key', 'new_kv'], ['present.0.decoder.key'], {
        axis: 2,
      }),
      node('Concat', ['past_key_values.0.decoder.value', 'new_kv'], ['present.0.decoder.value'], {
        axis: 2,
      }),
      // Cross-attention cache: from the encoder output.
      node('MatMul', ['encoder_hidden_states', 'w_cross'], ['cross_flat']),
      node('Reshape', ['cross_flat', 'split_heads'], ['cross_split']),
      node('Transpose', ['cross_split'], ['present.0.encoder.key'], { perm: [0, 2, 1, 3] }),
      node('Identity', ['present.0.encoder.key'], ['present.0.encoder.value']),
      // use_cache_branch feeds the logits with weight 0, so the input is used.
      node('Cast', ['use_cache_branch'], ['branch_f'], { to: 1 }),
      node('Mul', ['branch_f', 'zero'], ['branch_zero']),
      node('Add', ['logits_raw', 'branch_zero'], ['logits']),
    );
    initializers.push(floatTensor('zero', [1], [0]));
    for (const part of ['decoder', 'encoder']) {
      for (const kind of ['key', 'value']) {
        inputs.push(
          io(`past_key_values.0.${part}.${kind}`, 'float32', [
            'batch_size',
            HEADS,
            `past_${part}_sequence_length`,
            HEAD_DIM,
          ]),
        );
        outputs.push(
          io(`present.0.${part}.${kind}`, 'float32', [
            'batch_size',
            HEADS,
            `${part}_sequence_length_out`,
            HEAD_DIM,
          ]),
        );
      }
    }
    inputs.push(io('use_cache_branch', 'bool', [1]));
  }
  return encodeModel({ nodes, initializers, inputs, outputs });
}

/** Writes the package (onnx/ + the real tokenizer files) into `dir`. */
export function writeTinyWhisper(dir: string, options: { cached: boolean; seed?: number }): void {
  const random = seededRandom(options.seed ?? 7);
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'onnx', 'encoder_model.onnx'), encoderGraph(random));
  const decoder = options.cached ? 'decoder_model_merged.onnx' : 'decoder_model.onnx';
  writeFileSync(join(dir, 'onnx', decoder), decoderGraph(random, options.cached));
  for (const f of [
    'tokenizer.json',
    'generation_config.json',
    'preprocessor_config.json',
    'config.json',
  ]) {
    copyFileSync(join(WHISPER_TOKENIZER_DIR, f), join(dir, f));
  }
}
