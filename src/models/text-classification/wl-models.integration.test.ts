// Real vocabulary models: ../shared/models/wl-*.onnx (MODELS.md).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { openNodeTensorSession } from '../shared/node-tensor-session';
import { openTextClassifier } from './classifier';
import { parseTextClassifierManifest } from './manifest';
import { fixturesPresent } from '../../../test/require-fixtures';

const MODELS = new URL('../../../../shared/models/', import.meta.url);
const present = fixturesPresent(
  'the wl-* text classifiers',
  new URL('wl-news-topic-en.onnx', MODELS),
);

const read = (name: string) => readFile(new URL(`labels/${name}`, MODELS), 'utf8');

async function open(id: string) {
  const manifest = parseTextClassifierManifest(`${id}.manifest.json`, {
    family: 'text-classification',
    file: `${id}.onnx`,
    labels: `${id}.labels.json`,
    tokenizer: { scheme: 'word-vocab', vocab: `${id}.vocab.json`, maxLength: 30 },
  });
  const session = await openNodeTensorSession(new URL(manifest.file, MODELS).pathname);
  return openTextClassifier(manifest, session, read);
}

describe.skipIf(!present)('wl-news-topic-en / wl-review-topic-en', () => {
  it('names the obvious topic of news headlines', async () => {
    const model = await open('wl-news-topic-en');
    const top = async (text: string) => {
      const { classes } = await model.classify(text);
      return model.classNames[classes[0]!.classIndex];
    };
    expect(await top('Senate passes the budget bill after a long vote')).toBe('Politics');
    expect(await top('Local team wins the championship final')).toBe('Sports');
    expect(await top('Tech giant announces new AI chip')).toBe('Technology');
  });

  it('keeps every class probability (a distribution) with margin and entropy', async () => {
    const model = await open('wl-news-topic-en');
    const { probabilities, classes } = await model.classify('Local team wins the championship');
    expect(probabilities).toHaveLength(10);
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(classes.map((c) => c.score)).toEqual([...probabilities].sort((a, b) => b - a));
    expect(classes[0]!.margin).toBeCloseTo(classes[0]!.score - classes[1]!.score, 5);
    const vague = await model.classify('the of and');
    expect(vague.classes[0]!.entropy).toBeGreaterThan(classes[0]!.entropy);
  });

  it('reads review topics', async () => {
    const model = await open('wl-review-topic-en');
    const { classes } = await model.classify('The package arrived late, shipping took three weeks');
    expect(model.classNames[classes[0]!.classIndex]).toBe('Shipping');
  });
});
