// The BERT-style NER path on tiny graphs built here (no such weights exist
// offline), with the real all-MiniLM-L6-v2 WordPiece tokenizer files.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildModel, randomFloats } from '../../../test/tiny-onnx';
import { loadHfTokenizer } from '../shared/hf-tokenizer';
import { openNodeTensorSession } from '../shared/node-tensor-session';
import { parseTagScheme, decodeBio } from './bio';
import type { EntitySpan } from './span';
import { openTokenClassifier } from './token-classifier';
import { ownerWindows, pieceWindows } from './windows';
import { fixturesPresent } from '../../../test/require-fixtures';

const DIR = new URL('../../../../shared/models/tokenizers/all-minilm-l6-v2/', import.meta.url);
const present = fixturesPresent('the all-MiniLM tokenizer', new URL('tokenizer.json', DIR));

const TAGS = ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'];
const VOCAB = 30522;

function tokenizer() {
  const read = (name: string) => readFileSync(new URL(name, DIR), 'utf8');
  return loadHfTokenizer(read('tokenizer.json'), read('tokenizer_config.json'));
}

/** Gather(E, input_ids) → MatMul(W) → logits [1, seq, tags]; attention_mask read but unused. */
function nerGraph(embedding: Float32Array, hidden: number): Uint8Array {
  return buildModel({
    inputs: [
      { name: 'input_ids', type: 'int64', dims: [1, 'seq'] },
      { name: 'attention_mask', type: 'int64', dims: [1, 'seq'] },
      { name: 'token_type_ids', type: 'int64', dims: [1, 'seq'] },
    ],
    outputs: [{ name: 'logits', type: 'float32', dims: [1, 'seq', TAGS.length] }],
    initializers: [
      { name: 'E', dims: [VOCAB, hidden], data: embedding },
      {
        name: 'W',
        dims: [hidden, TAGS.length],
        data:
          hidden === TAGS.length
            ? Float32Array.from({ length: hidden * hidden }, (_, i) =>
                i % (hidden + 1) === 0 ? 1 : 0,
              )
            : randomFloats(hidden * TAGS.length, 7),
      },
    ],
    nodes: [
      { op: 'Gather', inputs: ['E', 'input_ids'], outputs: ['h'] },
      { op: 'MatMul', inputs: ['h', 'W'], outputs: ['logits'] },
    ],
  });
}

/** Every piece says O, except the pieces given a tag. */
async function designedModel(tags: Record<string, string>) {
  const hf = tokenizer();
  const e = new Float32Array(VOCAB * TAGS.length);
  for (let id = 0; id < VOCAB; id++) e[id * TAGS.length] = 1;
  for (const [piece, tag] of Object.entries(tags)) {
    const id = hf.tokenizer.token_to_id(piece) as number;
    e.fill(0, id * TAGS.length, (id + 1) * TAGS.length);
    e[id * TAGS.length + TAGS.indexOf(tag)] = 5;
  }
  return { hf, session: await openNodeTensorSession(nerGraph(e, TAGS.length)) };
}

const cpText = (text: string, s: EntitySpan) => [...text].slice(s.start, s.end).join('');

describe.skipIf(!present)('openTokenClassifier (tokenizer.json + BIO logits)', () => {
  const tagged = { john: 'B-PER', smith: 'I-PER', paris: 'B-LOC', token: 'B-LOC' };

  it('merges pieces to words and BIO runs to spans with code point offsets', async () => {
    const { hf, session } = await designedModel(tagged);
    const ner = openTokenClassifier(session, hf, TAGS);
    expect(ner.classNames).toEqual(['PER', 'LOC']);
    expect(hf.pieces('Tokenization').length).toBeGreaterThan(1); // token ##ization
    const text = 'I ❤️ 🦄 met John Smith in Paris\r\nand Tokenization, e\u0301 ok.';
    const spans = await ner.tagEntities(text);
    expect(spans.map((s) => [ner.classNames[s.classIndex], s.text])).toEqual([
      ['PER', 'John Smith'],
      ['LOC', 'Paris'],
      ['LOC', 'Tokenization'],
    ]);
    expect(text.indexOf('Paris')).toBe(26);
    expect(spans[1]).toMatchObject({ start: 25, end: 30 }); // code points
    for (const s of spans) {
      expect(cpText(text, s)).toBe(s.text);
      expect(s.score).toBeGreaterThan(0.9);
    }
  });

  it('gives the same spans in small overlapping windows as in one window', async () => {
    const { hf, session } = await designedModel(tagged);
    const text = 'We saw John Smith in Paris, then Tokenization 🦄.\r\n'.repeat(40);
    const whole = await openTokenClassifier(session, hf, TAGS).tagEntities(text);
    const small = await openTokenClassifier(session, hf, TAGS, { maxLength: 9, overlap: 2 });
    expect(await small.tagEntities(text)).toEqual(whole);
    expect(whole).toHaveLength(120);
  });

  it('keeps offsets exact for any tags on emoji, combining marks and CRLF texts (random weights, property)', async () => {
    const hf = tokenizer();
    const hidden = 8;
    const session = await openNodeTensorSession(nerGraph(randomFloats(VOCAB * hidden, 3), hidden));
    const ner = openTokenClassifier(session, hf, TAGS, { maxLength: 16, overlap: 4 });
    const pieces = [
      'John',
      'Paris',
      'é',
      'e\u0301',
      '🦄',
      '👩‍👩‍👧',
      '❤️',
      '\r\n',
      ' ',
      ', ',
      'São',
      'Zoë',
      '中文',
      '\u200b',
      'x',
      '𝒳',
    ];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), async (parts) => {
        const text = parts.join('');
        const spans = await ner.tagEntities(text);
        spans.forEach((s, i) => {
          expect(cpText(text, s)).toBe(s.text);
          expect(s.classIndex).toBeLessThan(ner.classNames.length);
          if (i > 0) expect(s.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('refuses tags that are not BIO and outputs of the wrong width', async () => {
    const { hf, session } = await designedModel({});
    expect(() => openTokenClassifier(session, hf, ['NEG', 'POS'])).toThrow(/BIO\/IOB2 tags/);
    const ner = openTokenClassifier(session, hf, ['O', 'B-PER', 'I-PER']);
    await expect(ner.tagEntities('John')).rejects.toThrow(
      /\[1, 3, 3\] \(a score per piece and tag\)/,
    );
  });
});

describe('decodeBio', () => {
  const scheme = parseTagScheme(['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC', 'S-ORG', 'E-PER']);
  const run = (tags: number[]) =>
    decodeBio(
      tags.map((tag) => ({ tag, score: 1 })),
      scheme,
    );
  it('joins B- with following I- of the same type only', () => {
    expect(run([1, 2, 0, 3, 2])).toEqual([
      { first: 0, last: 1, type: 0, score: 1 },
      { first: 3, last: 3, type: 1, score: 1 },
      { first: 4, last: 4, type: 0, score: 1 },
    ]);
  });
  it('starts an entity at a stray I- (IOB1) and closes at S-/E- (BIOES)', () => {
    expect(run([2, 2, 5, 1, 6, 2])).toEqual([
      { first: 0, last: 1, type: 0, score: 1 },
      { first: 2, last: 2, type: 2, score: 1 },
      { first: 3, last: 4, type: 0, score: 1 },
      { first: 5, last: 5, type: 0, score: 1 },
    ]);
  });
});

describe('pieceWindows', () => {
  it('covers every piece, overlapping, and gives each piece to its most central window', () => {
    const windows = pieceWindows(10, 4, 2);
    expect(windows).toEqual([
      { start: 0, end: 4 },
      { start: 2, end: 6 },
      { start: 4, end: 8 },
      { start: 6, end: 10 },
    ]);
    expect([...ownerWindows(10, windows)]).toEqual([0, 0, 0, 1, 1, 2, 2, 3, 3, 3]);
  });
});
