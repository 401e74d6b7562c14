// Greedy decoding with a Whisper encoder + decoder in the transformers.js /
// Optimum layout. The decoder is either `decoder_model_merged` (inputs
// past_key_values.N.{decoder,encoder}.{key,value} and use_cache_branch: the
// first step runs the whole prompt without a cache, later steps feed only the
// last token and the returned present.* tensors) or a plain `decoder_model`
// (no cache: the whole sequence every step).

import { floatOutput, type AsrSession, type AsrTensor } from './asr-session';
import type { LogMel } from './log-mel';
import type { WhisperGeneration } from './whisper-prompt';

interface PastInput {
  input: string;
  output: string;
  /** Encoder-attention caches are computed once, on the first step. */
  encoder: boolean;
  heads: number;
  headDim: number;
}

export interface DecoderLayout {
  cached: boolean;
  useCacheBranch: boolean;
  past: PastInput[];
}

export interface CacheShape {
  /** decoder_attention_heads (config.json) when the model's shapes are dynamic. */
  heads?: number;
  /** d_model / heads. */
  headDim?: number;
}

const PAST = /^past_key_values\.(\d+)\.(decoder|encoder)\.(key|value)$/;

export function decoderLayout(decoder: AsrSession, fallback: CacheShape = {}): DecoderLayout {
  for (const required of ['input_ids', 'encoder_hidden_states']) {
    if (!decoder.inputNames.includes(required)) {
      throw new Error(
        `Whisper decoder: no "${required}" input (inputs: ${decoder.inputNames.join(', ')}); expected the transformers.js/Optimum layout`,
      );
    }
  }
  if (!decoder.outputNames.includes('logits'))
    throw new Error('Whisper decoder: no "logits" output');
  const past: PastInput[] = [];
  for (const name of decoder.inputNames) {
    const m = PAST.exec(name);
    if (!m) continue;
    const output = `present.${m[1]}.${m[2]}.${m[3]}`;
    if (!decoder.outputNames.includes(output))
      throw new Error(`Whisper decoder: input ${name} has no output ${output}`);
    const shape = decoder.inputMetadata?.find((i) => i.name === name)?.shape ?? [];
    const heads = typeof shape[1] === 'number' ? shape[1] : fallback.heads;
    const headDim = typeof shape[3] === 'number' ? shape[3] : fallback.headDim;
    if (!heads || !headDim) {
      throw new Error(
        `Whisper decoder: the shape of ${name} is dynamic; give the heads and head size (config.json)`,
      );
    }
    past.push({ input: name, output, encoder: m[2] === 'encoder', heads, headDim });
  }
  return {
    cached: past.length > 0,
    useCacheBranch: decoder.inputNames.includes('use_cache_branch'),
    past,
  };
}

export interface Transcript {
  tokens: number[];
  /** Mean probability of the chosen tokens (end of text included). */
  score: number;
}

/** Runs the encoder on one 30 s window of features. */
export async function encodeFeatures(encoder: AsrSession, mel: LogMel): Promise<AsrTensor> {
  const input = encoder.inputNames.includes('input_features')
    ? 'input_features'
    : encoder.inputNames[0];
  if (!input) throw new Error('Whisper encoder: the model has no inputs');
  const out = await encoder.run({
    [input]: { type: 'float32', data: mel.data, dims: [1, mel.melBins, mel.frames] },
  });
  const name = 'last_hidden_state' in out ? 'last_hidden_state' : (encoder.outputNames[0] ?? '');
  return floatOutput(out, name, 'Whisper encoder');
}

const int64 = (ids: readonly number[]): AsrTensor => ({
  type: 'int64',
  data: BigInt64Array.from(ids, (v) => BigInt(v)),
  dims: [1, ids.length],
});

/** The decoder's inputs for `ids` on top of the cache `past` (empty on the first step). */
function decoderFeeds(
  layout: DecoderLayout,
  hidden: AsrTensor,
  ids: readonly number[],
  past: ReadonlyMap<string, AsrTensor>,
  step: number,
): Record<string, AsrTensor> {
  const feeds: Record<string, AsrTensor> = { input_ids: int64(ids), encoder_hidden_states: hidden };
  for (const p of layout.past) {
    feeds[p.input] = past.get(p.input) ?? {
      type: 'float32',
      data: new Float32Array(0),
      dims: [1, p.heads, 0, p.headDim],
    };
  }
  if (layout.useCacheBranch) {
    feeds.use_cache_branch = { type: 'bool', data: Uint8Array.of(step > 0 ? 1 : 0), dims: [1] };
  }
  return feeds;
}

/** The last position's logits row. */
function lastRow(out: Record<string, AsrTensor>): Float32Array {
  const logits = floatOutput(out, 'logits', 'Whisper decoder');
  const vocab = logits.dims[2] ?? 0;
  const rows = logits.dims[1] ?? 0;
  return logits.data.subarray((rows - 1) * vocab, rows * vocab);
}

/** Language `auto`: the likeliest language token after <|startoftranscript|> (one fresh step). */
export async function detectLanguage(
  decoder: AsrSession,
  layout: DecoderLayout,
  hidden: AsrTensor,
  start: number,
  languages: readonly number[],
): Promise<number> {
  const row = lastRow(await decoder.run(decoderFeeds(layout, hidden, [start], new Map(), 0)));
  let best = languages[0]!;
  for (const id of languages) if (row[id]! > row[best]!) best = id;
  return best;
}

/** Greedy search from the prompt until end of text or the length limit. */
export async function greedyDecode(
  decoder: AsrSession,
  layout: DecoderLayout,
  hidden: AsrTensor,
  generation: WhisperGeneration,
  maxNewTokens = 224,
): Promise<Transcript> {
  const sequence = [...generation.prompt];
  if (generation.detectLanguage) {
    sequence[1] = await detectLanguage(
      decoder,
      layout,
      hidden,
      sequence[0]!,
      generation.detectLanguage,
    );
  }
  const generated: number[] = [];
  const probs: number[] = [];
  const past = new Map<string, AsrTensor>();
  for (let step = 0; ; step++) {
    const ids = layout.cached && step > 0 ? sequence.slice(-1) : sequence;
    const out = await decoder.run(decoderFeeds(layout, hidden, ids, past, step));
    const { token, prob } = pick(lastRow(out), generation, generated.length === 0);
    for (const p of layout.past) {
      if (p.encoder && step > 0) continue;
      const present = out[p.output];
      if (!present) throw new Error(`Whisper decoder: no ${p.output} output`);
      past.set(p.input, present);
    }
    probs.push(prob);
    if (token === generation.eos) break;
    generated.push(token);
    sequence.push(token);
    if (generated.length >= maxNewTokens || sequence.length >= generation.maxLength) break;
  }
  const score = probs.reduce((a, b) => a + b, 0) / Math.max(1, probs.length);
  return { tokens: generated, score };
}

/** The best allowed token and its softmax probability among allowed tokens. */
function pick(row: Float32Array, generation: WhisperGeneration, first: boolean) {
  let best = -1;
  let bestLogit = -Infinity;
  const allowed = (t: number) =>
    !generation.suppress.has(t) && !(first && generation.beginSuppress.has(t));
  for (let t = 0; t < row.length; t++) {
    if (row[t]! > bestLogit && allowed(t)) {
      bestLogit = row[t]!;
      best = t;
    }
  }
  let sum = 0;
  for (let t = 0; t < row.length; t++) if (allowed(t)) sum += Math.exp(row[t]! - bestLogit);
  return { token: best, prob: 1 / sum };
}
