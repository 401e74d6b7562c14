// The tokenizer.json scheme on a tiny sequence classifier built here, with
// the real all-MiniLM-L6-v2 tokenizer files and a config.json id2label.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../test/tiny-onnx';
import { loadHfTokenizer } from '../shared/hf-tokenizer';
import { openNodeTensorSession } from '../shared/node-tensor-session';
import { openTextClassifier } from './classifier';
import { parseTextClassifierManifest } from './manifest';
import { fixturesPresent } from '../../../test/require-fixtures';

const DIR = new URL('../../../../shared/models/tokenizers/all-minilm-l6-v2/', import.meta.url);
const present = fixturesPresent('the all-MiniLM tokenizer', new URL('tokenizer.json', DIR));

const VOCAB = 30522;

/** Mean of one-hot word votes over the sequence: "great" votes POS, "awful" NEG, the rest NEU. */
function sentimentGraph(): Uint8Array {
  const hf = loadHfTokenizer(readFileSync(new URL('tokenizer.json', DIR), 'utf8'));
  const e = new Float32Array(VOCAB * 3);
  for (let id = 0; id < VOCAB; id++) e[id * 3 + 1] = 1;
  for (const [word, cls] of [
    ['great', 2],
    ['awful', 0],
  ] as const) {
    const id = hf.pieces(word)[0] as number;
    e.fill(0, id * 3, id * 3 + 3);
    e[id * 3 + cls] = 40;
  }
  return buildModel({
    inputs: [
      { name: 'input_ids', type: 'int64', dims: [1, 'seq'] },
      { name: 'attention_mask', type: 'int64', dims: [1, 'seq'] },
    ],
    outputs: [{ name: 'logits', type: 'float32', dims: [1, 3] }],
    initializers: [{ name: 'E', dims: [VOCAB, 3], data: e }],
    nodes: [
      { op: 'Gather', inputs: ['E', 'input_ids'], outputs: ['h'] },
      { op: 'ReduceMean', inputs: ['h'], outputs: ['m'], attrs: { axes: [1], keepdims: 0 } },
      { op: 'Identity', inputs: ['m'], outputs: ['logits'] },
    ],
  });
}

describe.skipIf(!present)('tokenizer-json text classifier', () => {
  it('reads class names from config.json id2label and softmaxes the logits', async () => {
    const files: Record<string, string> = {
      'tokenizer.json': readFileSync(new URL('tokenizer.json', DIR), 'utf8'),
      'config.json': JSON.stringify({ id2label: { 0: 'NEG', 1: 'NEU', 2: 'POS' } }),
    };
    const read = async (name: string) => {
      const text = files[name];
      if (text === undefined) throw new Error(`${name}: not in the package`);
      return text;
    };
    const manifest = parseTextClassifierManifest('m.json', {
      family: 'text-classification',
      file: 'model.onnx',
      labels: 'config.json',
      tokenizer: { scheme: 'tokenizer-json', maxLength: 8 },
    });
    const model = await openTextClassifier(
      manifest,
      await openNodeTensorSession(sentimentGraph()),
      read,
    );
    expect(model.classNames).toEqual(['NEG', 'NEU', 'POS']);
    const top = async (text: string) =>
      model.classNames[(await model.classify(text)).classes[0]!.classIndex];
    expect(await top('What a GREAT day')).toBe('POS');
    expect(await top('awful service')).toBe('NEG');
    // truncated to 8 pieces ([CLS] + 6 + [SEP]): the late "great" is cut off
    expect(await top('one two three four five six seven great')).toBe('NEU');
    const { probabilities } = await model.classify('great');
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});
