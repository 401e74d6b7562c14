// Writes text with a causal LM: the prompt's ids go in, the next token comes
// from the last position's logits, until EOS, a stop string, the token limit
// or the model's context is reached. With a KV cache (past_key_values) each
// step feeds only the new token; without one, the whole sequence again.
import { floatData } from '../shared/tensor';
import type { FeedTensor, TensorSession } from '../shared/tensor-session';
import { idTensor } from '../shared/tensor-session';
import type { TensorData } from '../types';
import type { LmLayout } from './lm-layout';
import type { SamplingOptions } from './sampler';
import { createSampler } from './sampler';

/** The tokenizer side generation needs (llama2.c or tokenizer.json). */
export interface LmTokenizer {
  /** Prompt ids, BOS included where the model expects one. */
  encode(text: string): number[];
  /** The text of generated ids (special tokens dropped). */
  decode(ids: readonly number[]): string;
  /** Ids that end a reply. */
  eos: readonly number[];
}

export interface GenerateOptions extends SamplingOptions {
  /** Default 64. */
  maxNewTokens?: number;
  /** The reply ends before the first of these (which is not kept). */
  stop?: readonly string[];
  /** The model's context length (prompt + reply); default 512. */
  contextLength?: number;
  /** Force the full-sequence path even when the model has a KV cache (tests, benches). */
  recompute?: boolean;
  /**
   * A prompt too long for the context loses its beginning (after BOS) instead
   * of failing: for dialogues, whose latest turns matter most.
   */
  keepPromptEnd?: boolean;
}

export interface Generation {
  text: string;
  /** Generated ids (prompt excluded). */
  ids: number[];
  promptTokens: number;
  stoppedBy: 'eos' | 'stop' | 'max-tokens' | 'context';
  /**
   * Geometric mean of the model's probability (softmax of the logits) of each
   * emitted token: the reply's confidence (1 when nothing was generated).
   */
  score: number;
}

/** log softmax(logits)[id], numerically stable. */
function logProbability(logits: Float32Array, id: number): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  return logits[id]! - max - Math.log(sum);
}

function lastLogits(tensor: TensorData, name: string): Float32Array {
  const data = floatData(tensor, name);
  const vocab = tensor.dims[tensor.dims.length - 1] ?? 0;
  return data.subarray(data.length - vocab);
}

function firstStop(text: string, stop: readonly string[]): number {
  let cut = -1;
  for (const s of stop) {
    const at = s === '' ? -1 : text.indexOf(s);
    if (at >= 0 && (cut < 0 || at < cut)) cut = at;
  }
  return cut;
}

/** Feeds of one step: `ids` are the tokens not yet in the cache, `pastLength` those that are. */
function stepFeeds(
  layout: LmLayout,
  ids: readonly number[],
  pastLength: number,
  cache: Record<string, TensorData> | undefined,
): Record<string, FeedTensor> {
  const total = pastLength + ids.length;
  const feeds: Record<string, FeedTensor> = {
    [layout.idsInput]: idTensor(ids, [1, ids.length], layout.idsType),
  };
  if (layout.attentionMask) {
    feeds[layout.attentionMask] = idTensor(new Array<number>(total).fill(1), [1, total]);
  }
  if (layout.positionIds) {
    const positions = ids.map((_, i) => pastLength + i);
    feeds[layout.positionIds] = idTensor(positions, [1, ids.length]);
  }
  if (layout.useCacheBranch) {
    feeds[layout.useCacheBranch] = {
      type: 'bool',
      data: Uint8Array.of(cache ? 1 : 0),
      dims: [1],
    };
  }
  for (const slot of layout.past) {
    feeds[slot.input] = cache?.[slot.output] ?? {
      type: 'float32',
      data: new Float32Array(0),
      dims: [1, slot.heads, 0, slot.headDim],
    };
  }
  return feeds;
}

export async function generate(
  session: TensorSession,
  layout: LmLayout,
  tokenizer: LmTokenizer,
  prompt: string,
  options: GenerateOptions = {},
): Promise<Generation> {
  const maxNew = options.maxNewTokens ?? 64;
  const context = options.contextLength ?? 512;
  const stop = options.stop ?? [];
  const pick = createSampler(options);
  const useCache = layout.past.length > 0 && !options.recompute;
  let promptIds = tokenizer.encode(prompt);
  if (promptIds.length === 0) throw new Error('the prompt gives no tokens');
  const room = context - Math.min(maxNew, Math.floor(context / 2));
  if (options.keepPromptEnd && promptIds.length > room) {
    const head = tokenizer.encode('').slice(0, 1); // BOS, when the tokenizer adds one
    promptIds = [...head, ...promptIds.slice(promptIds.length - (room - head.length))];
  }
  if (promptIds.length >= context) {
    throw new Error(
      `the prompt is ${promptIds.length} tokens: the model reads at most ${context} (shorten the prompt or the dialogue)`,
    );
  }
  const sequence = [...promptIds];
  const generated: number[] = [];
  let cache: Record<string, TensorData> | undefined;
  let pending: number[] = [...promptIds];
  let stoppedBy: Generation['stoppedBy'] = 'max-tokens';
  let text = '';
  let logSum = 0;

  while (generated.length < maxNew) {
    if (sequence.length >= context) {
      stoppedBy = 'context';
      break;
    }
    const ids = useCache ? pending : sequence;
    const pastLength = useCache ? sequence.length - pending.length : 0;
    const outputs = await session.run(
      stepFeeds(layout, ids, pastLength, useCache ? cache : undefined),
    );
    const logits = outputs[layout.logitsOutput];
    if (!logits) throw new Error(`the model gave no "${layout.logitsOutput}" output`);
    if (useCache) cache = outputs;
    const row = lastLogits(logits, layout.logitsOutput);
    const next = pick(row);
    if (tokenizer.eos.includes(next)) {
      stoppedBy = 'eos';
      break;
    }
    logSum += logProbability(row, next);
    generated.push(next);
    sequence.push(next);
    pending = [next];
    text = tokenizer.decode(generated);
    const cut = firstStop(text, stop);
    if (cut >= 0) {
      text = text.slice(0, cut);
      stoppedBy = 'stop';
      break;
    }
  }
  const score = generated.length > 0 ? Math.exp(logSum / generated.length) : 1;
  return { text, ids: generated, promptTokens: promptIds.length, stoppedBy, score };
}
