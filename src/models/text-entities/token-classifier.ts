// A user's BERT-style token classification ONNX (NER) → entity spans:
// tokenizer.json pieces per word, windows of at most maxLength pieces with
// overlap, logits [1, pieces, tags] → per-piece softmax → the first piece's
// tag is its word's (word pieces merged to words) → BIO runs → code point spans.
import { createCodePointConverter } from '../../core/results/text-span';
import { ModelLayoutError } from '../shared/errors';
import type { HfTokenizer } from '../shared/hf-tokenizer';
import { floatData } from '../shared/tensor';
import type { FeedTensor, TensorSession } from '../shared/tensor-session';
import { idTensor } from '../shared/tensor-session';
import type { TagScheme, WordTag } from './bio';
import { decodeBio, parseTagScheme } from './bio';
import type { EntitySpan, Utf16Span } from './span';
import { toCodePointSpans } from './span';
import { ownerWindows, pieceWindows } from './windows';
import { splitWords } from './words';

export interface TokenClassifierOptions {
  /** Pieces per model call, special tokens included; default 512. */
  maxLength?: number;
  /** Pieces shared by consecutive windows; default a quarter of a window. */
  overlap?: number;
}

export interface TokenClassifier {
  /** The entity types (PER, LOC…): the class list mapped onto <Labels>. */
  classNames: string[];
  tagEntities(text: string): Promise<EntitySpan[]>;
}

function softmaxArgmax(row: Float32Array): WordTag {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i]! - row[best]!);
  return { tag: best, score: 1 / sum };
}

export function openTokenClassifier(
  session: TensorSession,
  tokenizer: HfTokenizer,
  tagNames: readonly string[],
  options: TokenClassifierOptions = {},
): TokenClassifier {
  const scheme: TagScheme = parseTagScheme(tagNames);
  if (scheme.entityTypes.length === 0) {
    throw new ModelLayoutError(
      `the tags are ${tagNames.join(', ')}`,
      'BIO/IOB2 tags such as B-PER, I-PER, O in config.json id2label',
    );
  }
  const inputs = session.io.inputs.map((i) => i.name);
  const idsName = inputs.includes('input_ids') ? 'input_ids' : (inputs[0] as string);
  const outputName = session.io.outputs[0]?.name as string;
  const room = (options.maxLength ?? 512) - tokenizer.prefix.length - tokenizer.suffix.length;
  const overlap = options.overlap ?? Math.floor(room / 4);
  const cache = new Map<string, number[]>();

  const feedsFor = (ids: number[]): Record<string, FeedTensor> => {
    const dims = [1, ids.length];
    const feeds: Record<string, FeedTensor> = {
      [idsName]: idTensor(ids, dims, session.inputTypes[idsName]),
    };
    const ones = (name: string, v: number) =>
      idTensor(new Array<number>(ids.length).fill(v), dims, session.inputTypes[name]);
    if (inputs.includes('attention_mask')) feeds['attention_mask'] = ones('attention_mask', 1);
    if (inputs.includes('token_type_ids')) feeds['token_type_ids'] = ones('token_type_ids', 0);
    return feeds;
  };

  return {
    classNames: scheme.entityTypes,
    async tagEntities(text) {
      const words = splitWords(text);
      const pieces: number[] = [];
      const firstPiece = new Int32Array(words.length).fill(-1);
      words.forEach((w, i) => {
        const word = text.slice(w.start, w.end);
        let ids = cache.get(word);
        if (!ids) {
          ids = tokenizer.pieces(word);
          if (cache.size < 100_000) cache.set(word, ids);
        }
        if (ids.length > 0) firstPiece[i] = pieces.length;
        pieces.push(...ids);
      });
      if (pieces.length === 0) return [];
      const windows = pieceWindows(pieces.length, room, overlap);
      const owner = ownerWindows(pieces.length, windows);
      const pieceTags: WordTag[] = new Array<WordTag>(pieces.length);
      for (const [wi, w] of windows.entries()) {
        const ids = [...tokenizer.prefix, ...pieces.slice(w.start, w.end), ...tokenizer.suffix];
        const outputs = await session.run(feedsFor(ids));
        const logits = outputs[outputName];
        if (!logits) throw new Error(`the model gave no "${outputName}" output`);
        const data = floatData(logits, outputName);
        const numTags = logits.dims[logits.dims.length - 1] ?? 0;
        if (numTags !== tagNames.length || data.length !== ids.length * numTags) {
          throw new ModelLayoutError(
            `output "${outputName}" has shape [${logits.dims.join(',')}]`,
            `[1, ${ids.length}, ${tagNames.length}] (a score per piece and tag)`,
          );
        }
        for (let p = w.start; p < w.end; p++) {
          if (owner[p] !== wi) continue;
          const row = tokenizer.prefix.length + p - w.start;
          pieceTags[p] = softmaxArgmax(data.subarray(row * numTags, (row + 1) * numTags));
        }
      }
      // words without pieces (zero-width characters) are outside entities
      const tagged = words.map((_, i) => {
        const p = firstPiece[i] as number;
        return p >= 0 ? (pieceTags[p] as WordTag) : { tag: -1, score: 0 };
      });
      const spans: Utf16Span[] = decodeBio(tagged, scheme).map((run) => ({
        start: (words[run.first] as { start: number }).start,
        end: (words[run.last] as { end: number }).end,
        classIndex: run.type,
        score: run.score,
      }));
      return toCodePointSpans(text, spans, createCodePointConverter(text));
    },
  };
}
