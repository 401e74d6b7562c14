// Each text family through its adapter, into Label Studio results checked by
// the project's validator: the built-in tagger on a <Text> with emoji and
// CRLF, the wl-news classifier into <Choices>, stories260K replying to a
// <Paragraphs> dialogue in a <TextArea>.
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseLabelingConfig } from '../core/config';
import {
  classesToResults,
  pickTextTarget,
  replyToResult,
  spansToResults,
  taskTextOf,
} from '../core/mapping';
import { createIdGenerator } from '../core/results/ids';
import { validatePrediction } from '../core/validate';
import { openNodeTensorSession } from './shared/node-tensor-session';
import type { PackageReader, SessionOpener } from './types';
import { textClassificationFamily } from './text-classification';
import { BUILTIN_TAGGER } from './text-entities';
import { dialoguePrompt, textGenerationFamily } from './text-generation';
import { fixturesPresent } from '../../test/require-fixtures';

const MODELS = new URL('../../../shared/models/', import.meta.url);
const present = fixturesPresent(
  'text model adapters (wl-news, stories260K)',
  fileURLToPath(new URL('stories260k/model.onnx', MODELS)),
  fileURLToPath(new URL('wl-news-topic-en.onnx', MODELS)),
);

const CONFIG = parseLabelingConfig(`<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
    <Label value="Date"/><Label value="Email"/>
  </Labels>
  <Choices name="topic" toName="text">
    <Choice value="Sports"/><Choice value="Politics"/><Choice value="Technology"/>
  </Choices>
  <Paragraphs name="chat" value="$dialogue" layout="dialogue"/>
  <TextArea name="reply" toName="chat"/>
</View>`);

const DATA = {
  text: 'I ❤️ 🦄 hear Barack Obama visited Paris\r\non 27 May 2024; write to a.b@example.com.',
  dialogue: [
    { author: 'Mom', text: 'Once upon a time, there was a little girl named Lily.' },
    { author: 'Lily', text: 'Tell me more!' },
  ],
};

const issues = (result: unknown[]) =>
  validatePrediction({ model_version: 'm@1', score: 0.5, result }, CONFIG, { taskData: DATA }).map(
    (i) => i.message,
  );

function reader(dir: URL): PackageReader {
  return {
    bytes: async (name) => new Uint8Array(await readFile(new URL(name, dir))),
    text: (name) => readFile(new URL(name, dir), 'utf8'),
  };
}

/** Opens a package's .onnx from `dir` the way the predictor does (any runtime). */
const sessionsIn =
  (dir: URL): SessionOpener =>
  (file) =>
    openNodeTensorSession(new URL(file, dir).pathname);

describe('text families into results', () => {
  it('built-in tagger → <Labels> spans that validate against the raw task text', async () => {
    const model = await BUILTIN_TAGGER.open();
    const target = pickTextTarget(CONFIG, 'span', model.classNames);
    const text = taskTextOf(target.object, DATA);
    if (text.kind !== 'text') throw new Error('expected text');
    const { candidates } = await model.predict(text.text);
    const out = spansToResults(
      candidates,
      model.classNames,
      target.mapping,
      target,
      createIdGenerator(),
    );
    expect(
      out.results.map((r) => [
        (r.value as { labels: string[] }).labels[0],
        (r.value as { text: string }).text,
      ]),
    ).toEqual([
      ['PER', 'Barack Obama'],
      ['LOC', 'Paris'],
      ['Date', '27 May 2024'],
      ['Email', 'a.b@example.com'],
    ]);
    expect(issues(out.results)).toEqual([]);
  });

  it.skipIf(!present)('wl-news-topic-en → <Choices> on the <Text>', async () => {
    const manifest = {
      family: 'text-classification',
      id: 'wl-news-topic-en',
      name: 'wl news',
      file: 'wl-news-topic-en.onnx',
      labels: 'wl-news-topic-en.labels.json',
      tokenizer: { scheme: 'word-vocab', vocab: 'wl-news-topic-en.vocab.json', maxLength: 30 },
    };
    const match = textClassificationFamily.recognise({
      files: ['manifest.json', manifest.file],
      json: { 'manifest.json': manifest },
    });
    expect(match).toMatchObject({ model: 'wl-news-topic-en.onnx', id: 'wl-news-topic-en' });
    const model = await textClassificationFamily.open(
      sessionsIn(MODELS),
      reader(new URL('labels/', MODELS)),
      match!,
      {},
    );
    const target = pickTextTarget(CONFIG, 'choices', model.classNames);
    const { candidates, raw } = await model.predict(
      'Senate passes the budget bill after a long vote',
    );
    expect(raw).toHaveLength(10);
    const { results } = classesToResults(
      candidates,
      model.classNames,
      target.mapping,
      target,
      createIdGenerator(),
    );
    expect(results[0]?.value).toEqual({ choices: ['Politics'] });
    expect(issues(results)).toEqual([]);
  });

  it.skipIf(!present)(
    'stories260K replies to a <Paragraphs> dialogue in a <TextArea>',
    async () => {
      const dir = new URL('stories260k/', MODELS);
      const match = textGenerationFamily.recognise({
        files: ['model.onnx', 'tok512.bin'],
        json: {},
      });
      expect(match?.settings).toEqual({
        kind: 'llama2c',
        model: 'model.onnx',
        tokenizer: 'tok512.bin',
      });
      const model = await textGenerationFamily.open(sessionsIn(dir), reader(dir), match!, {
        generation: { maxNewTokens: 24, stop: ['\n'] },
      });
      const target = pickTextTarget(CONFIG, 'textarea', []);
      const text = taskTextOf(target.object, DATA);
      if (text.kind !== 'dialogue') throw new Error('expected a dialogue');
      const prompt = dialoguePrompt(text.turns);
      expect(prompt.endsWith('\nMom:')).toBe(true);
      const { candidates } = await model.predict(prompt);
      const reply = candidates[0]!;
      expect(reply.text.length).toBeGreaterThan(0);
      const result = replyToResult(reply.text, target, createIdGenerator());
      expect(result).not.toBeNull();
      expect(issues([result])).toEqual([]);
    },
  );
});
