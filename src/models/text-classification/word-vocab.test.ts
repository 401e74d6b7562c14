import { describe, expect, it } from 'vitest';
import { parseTextClassifierManifest } from './manifest';
import { encodeWords, parseVocabulary } from './word-vocab';

const vocab = parseVocabulary('v.json', '{"<OOV>": 1, "local": 2, "team": 3, "wins": 4}');

describe('encodeWords', () => {
  it('lower-cases, splits on whitespace, maps unknown words to <OOV> and zero-pads', () => {
    const row = encodeWords('  Local\tTEAM\r\nwins big ', vocab, {
      scheme: 'word-vocab',
      vocab: 'v.json',
      maxLength: 6,
    });
    expect([...row]).toEqual([2, 3, 4, 1, 0, 0]);
  });
  it('keeps only the first maxLength words', () => {
    const row = encodeWords('local '.repeat(50), vocab, {
      scheme: 'word-vocab',
      vocab: 'v.json',
      maxLength: 3,
    });
    expect([...row]).toEqual([2, 2, 2]);
  });
  it('refuses a vocabulary with non-integer ids, naming the word', () => {
    expect(() => parseVocabulary('v.json', '{"a": 1.5}')).toThrow(/v\.json: the id of "a"/);
    expect(() => parseVocabulary('v.json', '[1]')).toThrow(/expected a JSON object/);
  });
});

describe('parseTextClassifierManifest', () => {
  const ok = {
    family: 'text-classification',
    file: 'm.onnx',
    labels: 'm.labels.json',
    tokenizer: { scheme: 'word-vocab', vocab: 'm.vocab.json', maxLength: 30 },
  };
  it('accepts a word-vocab manifest and names it after its file', () => {
    expect(parseTextClassifierManifest('m.json', ok)).toMatchObject({ id: 'm', name: 'm.onnx' });
  });
  it('says what is wrong', () => {
    expect(() =>
      parseTextClassifierManifest('m.json', { ...ok, tokenizer: { scheme: 'bpe' } }),
    ).toThrow('m.json: tokenizer "scheme" must be "word-vocab" or "tokenizer-json", got "bpe"');
    expect(() => parseTextClassifierManifest('m.json', { ...ok, labels: undefined })).toThrow(
      /give "classNames" or a "labels" file/,
    );
    expect(() =>
      parseTextClassifierManifest('m.json', {
        ...ok,
        tokenizer: { scheme: 'word-vocab', vocab: 'v', maxLength: 0 },
      }),
    ).toThrow(/maxLength/);
  });
});
