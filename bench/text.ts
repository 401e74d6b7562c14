// Section `text` (BENCH_ONLY=text): the text families in Node. The built-in
// entity tagger (texts/s on short texts, and one 1 MB text), the word-vocab
// classifier (wl-news-topic-en) and stories260K generation (tokens/s, full
// recompute: the model has no KV cache) on onnxruntime-node and on
// onnxruntime-web's WASM backend in Node; then the tagger and stories260K
// through the app's UI against the Node predictor, in rounds (browser-text.ts).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openNodeTensorSession } from '../src/models/shared/node-tensor-session';
import { openTextClassifier } from '../src/models/text-classification/classifier';
import { parseTextClassifierManifest } from '../src/models/text-classification/manifest';
import { tagEntities } from '../src/models/text-entities/builtin-tagger';
import { openTextGenerator } from '../src/models/text-generation/generator';
import { pickLmPackage } from '../src/models/text-generation/package-files';
import type { Browser } from '@playwright/test';
import { BENCH, HAS_SHARED, MODELS_DIR, SHARED_DIR } from './config';
import type { Report } from './report';
import { median, round } from './stats';
import { browserTextPart } from './text-browser-rows';

const SENTENCES = [
  'Angela Merkel met Emmanuel Macron in Berlin on 3 March 2020 to discuss the budget.',
  'Apple Inc. paid $2.5 billion to settle the case, said Tim Cook in New York.',
  'Write to press@example.com or visit https://example.org/news before 5 June 2024.',
  'The local team won the championship final in London after a late goal by Harry Kane.',
  'Senate passes the climate bill; shares of Tesla rose 4% on Tuesday 🚀.',
];

/** Short news-like texts of 2–4 sentences, varied so no cache helps. */
function makeTexts(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const n = 2 + (i % 3);
    return Array.from({ length: n }, (_, j) => SENTENCES[(i + j * 2) % SENTENCES.length]).join(
      i % 2 ? '\r\n' : ' ',
    );
  });
}

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

export async function textSection(
  report: Report,
  app: () => Promise<{ browser: Browser; url: string }>,
  tmpDir: string,
): Promise<void> {
  const texts = makeTexts(BENCH.texts);
  const chars = texts.reduce((n, t) => n + t.length, 0);
  console.log(`\n[text] built-in tagger on ${texts.length} texts…`);
  tagEntities(texts[0] as string); // loads wink's model and warms compromise
  const tagged = timed(() => texts.map((t) => tagEntities(t).length));
  const spans = tagged.value.reduce((a, b) => a + b, 0);
  report.add({
    section: 'text',
    metric: `built-in entity tagger (compromise + wink-nlp), ${texts.length} texts of ${Math.round(chars / texts.length)} characters, Node`,
    value: `${round((texts.length * 1000) / tagged.ms, 1)} texts/s (${round((chars * 1000) / tagged.ms / 1000, 1)} k characters/s, ${round(spans / texts.length, 1)} spans per text)`,
    target: '',
  });
  const big = SENTENCES.join(' ').repeat(Math.ceil(1_000_000 / SENTENCES.join(' ').length));
  const one = timed(() => tagEntities(big).length);
  report.add({
    section: 'text',
    metric: `built-in entity tagger, one ${round(big.length / 1e6, 2)} M-character text`,
    value: `${round(one.ms / 1000, 1)} s (${one.value} spans)`,
    target: '',
  });

  await nodeModels(report, texts);
  // One text per line for the .txt the page gets (and the same tasks in Node).
  const lines = texts.map((t) => t.replace(/\r\n/g, ' '));
  await browserTextPart(report, app, tmpDir, lines, join(MODELS_DIR, 'stories260k'));
}

/** The classifier and stories260K on onnxruntime-node and onnxruntime-web's WASM in Node. */
async function nodeModels(report: Report, texts: string[]): Promise<void> {
  if (!HAS_SHARED) {
    report.note('text', `models skipped: needs ${SHARED_DIR} (absent)`);
    return;
  }
  const labels = join(MODELS_DIR, 'labels');
  const manifest = parseTextClassifierManifest('wl-news-topic-en', {
    family: 'text-classification',
    file: 'wl-news-topic-en.onnx',
    labels: 'wl-news-topic-en.labels.json',
    tokenizer: { scheme: 'word-vocab', vocab: 'wl-news-topic-en.vocab.json', maxLength: 30 },
  });
  const classifier = await openTextClassifier(
    manifest,
    await openNodeTensorSession(join(MODELS_DIR, manifest.file)),
    (name) => readFile(join(labels, name), 'utf8'),
  );
  await classifier.classify(texts[0] as string);
  const t0 = performance.now();
  for (const text of texts) await classifier.classify(text);
  const classifyMs = performance.now() - t0;
  report.add({
    section: 'text',
    metric: `word-vocab classifier wl-news-topic-en, ${texts.length} texts, onnxruntime-node`,
    value: `${round((texts.length * 1000) / classifyMs, 0)} texts/s`,
    target: '',
  });

  const dir = join(MODELS_DIR, 'stories260k');
  if (!existsSync(join(dir, 'model.onnx'))) {
    report.note('text', 'generation skipped: ../shared/models/stories260k is absent');
    return;
  }
  for (const backend of ['node', 'wasm'] as const) {
    const generator = await openTextGenerator(
      pickLmPackage(['model.onnx', 'tok512.bin']),
      await openNodeTensorSession(join(dir, 'model.onnx'), backend),
      {
        bytes: async (name) => new Uint8Array(await readFile(join(dir, name))),
        text: (name) => readFile(join(dir, name), 'utf8'),
      },
    );
    console.log(`[text] stories260K on ${backend}: ${BENCH.genTokens} tokens × 3…`);
    await generator.generate('Once upon a time', { maxNewTokens: 8 });
    const rates: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      const out = await generator.generate('Once upon a time', {
        maxNewTokens: BENCH.genTokens,
        strategy: 'sample',
        seed: i,
        topK: 40,
      });
      rates.push((out.ids.length * 1000) / (performance.now() - start));
    }
    const runtime =
      backend === 'node' ? 'onnxruntime-node' : 'onnxruntime-web WASM in Node (1 thread)';
    report.add({
      section: 'text',
      metric: `stories260K generation (no KV cache: full sequence per token), up to ${BENCH.genTokens} tokens, ${runtime}, median of 3`,
      value: `${round(median(rates), 0)} tokens/s`,
      target: '',
    });
  }
}
