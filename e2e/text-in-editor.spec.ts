// The text families' CLI output in the real Label Studio editor (LSF 1.4.0):
// built-in tagger spans after emoji and CRLF, text-classifier choices, and a
// generated reply in a <TextArea> on a <Paragraphs> dialogue. The editor drops
// bad results silently; the read-back is the check (fact sheet §10).
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import type { LsPrediction } from '../src/core/results/types';
import { expectAllLoaded, loadInEditor } from './ls-editor/harness';
import { EDITOR_BUILD } from './ls-editor/serve';

const MODELS = resolve(process.cwd(), '../shared/models');
const HAS_MODELS = existsSync(join(MODELS, 'stories260k/model.onnx'));

test.skip(
  !existsSync(join(EDITOR_BUILD, 'static/js/main.js')),
  'Label Studio editor not fetched: run node scripts/get-ls-editor.mjs',
);

const CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
    <Label value="Date"/><Label value="Email"/>
  </Labels>
  <Choices name="topic" toName="text">
    ${['Business', 'Education', 'Entertainment', 'Environment', 'Health', 'Politics', 'Science', 'Sports', 'Technology', 'World'].map((c) => `<Choice value="${c}"/>`).join('')}
  </Choices>
  <Paragraphs name="chat" value="$dialogue" layout="dialogue"/>
  <TextArea name="reply" toName="chat"/>
</View>`;

const TEXT = 'I ❤️ 🦄 hear Barack Obama visited\r\nParis on 27 May 2024 👩‍👩‍👧; mail a.b@example.com.';
const TASK = {
  id: 1,
  data: {
    text: TEXT,
    dialogue: [
      { author: 'Mom', text: 'Once upon a time there was a girl.' },
      { author: 'Lily', text: 'Tell me more!' },
    ],
  },
};

interface Written {
  data: Record<string, unknown>;
  predictions: LsPrediction[];
}

async function predict(
  model: string,
  extra: string[] = [],
  input: { config: string; task: object } = { config: CONFIG, task: TASK },
): Promise<Written> {
  const dir = mkdtempSync(join(tmpdir(), 'prelabel-text-e2e-'));
  try {
    writeFileSync(join(dir, 'config.xml'), input.config);
    writeFileSync(join(dir, 'tasks.json'), JSON.stringify([input.task]));
    const out = join(dir, 'out.json');
    const args = [
      'predict',
      '--config',
      join(dir, 'config.xml'),
      '--tasks',
      join(dir, 'tasks.json'),
    ];
    // the CLI as a user runs it (a child process, not Playwright's module loader)
    const run = spawnSync(
      process.execPath,
      ['bin/prelabel.mjs', ...args, '--model', model, '--out', out, ...extra],
      {
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
    return (JSON.parse(readFileSync(out, 'utf8')) as Written[])[0]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('built-in tagger spans after emoji and CRLF highlight the right characters', async ({
  page,
}) => {
  const written = await predict('builtin-entities');
  const sent = written.predictions[0]!;
  const texts = sent.result.map((r) => (r.value as { text: string }).text);
  expect(texts).toEqual(['Barack Obama', 'Paris', '27 May 2024', 'a.b@example.com']);
  const [loaded] = await loadInEditor(page, {
    config: CONFIG,
    data: written.data,
    predictions: [sent],
  });
  expectAllLoaded(sent, loaded);
  expect(loaded?.results.map((r) => r.shownText)).toEqual(texts);
});

test('classifier choices and a generated reply on a dialogue load in the editor', async ({
  page,
}) => {
  test.skip(!HAS_MODELS, `needs the shared models in ${MODELS}`);
  const pkg = mkdtempSync(join(tmpdir(), 'prelabel-wl-e2e-'));
  try {
    for (const f of [
      'wl-news-topic-en.onnx',
      'labels/wl-news-topic-en.labels.json',
      'labels/wl-news-topic-en.vocab.json',
    ])
      symlinkSync(join(MODELS, f), join(pkg, f.replace('labels/', '')));
    writeFileSync(
      join(pkg, 'manifest.json'),
      JSON.stringify({
        family: 'text-classification',
        file: 'wl-news-topic-en.onnx',
        labels: 'wl-news-topic-en.labels.json',
        tokenizer: { scheme: 'word-vocab', vocab: 'wl-news-topic-en.vocab.json', maxLength: 30 },
      }),
    );
    const choices = await predict(pkg);
    const reply = await predict(join(MODELS, 'stories260k'), ['--max-tokens', '20']);
    const sent = [choices.predictions[0]!, reply.predictions[0]!];
    expect(sent[0]!.result[0]!.type).toBe('choices');
    expect(sent[1]!.result[0]!.type).toBe('textarea');
    const loaded = await loadInEditor(page, {
      config: CONFIG,
      data: choices.data,
      predictions: sent,
    });
    sent.forEach((p, i) => expectAllLoaded(p, loaded[i]));
  } finally {
    rmSync(pkg, { recursive: true, force: true });
  }
});

// Spans on a web page and on a dialogue: XPaths into the HTML as the browser
// parses it (an implied <tbody>, entities, a <br>) and paragraph indices.
const PAGES_CONFIG = `<View>
  <HyperText name="page" value="$html"/>
  <HyperTextLabels name="ner" toName="page">
    <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
    <Label value="Date"/>
  </HyperTextLabels>
  <HyperText name="note" value="$note" inline="true"/>
  <Labels name="noteNer" toName="note">
    <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
  </Labels>
  <Paragraphs name="chat" value="$dialogue" layout="dialogue"/>
  <ParagraphLabels name="chatNer" toName="chat">
    <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
    <Label value="Date"/>
  </ParagraphLabels>
</View>`;

const PAGES_TASK = {
  id: 2,
  data: {
    html:
      '<html><head><title>News</title><style>p { color: red }</style></head><body>' +
      '<h1>Visit &amp; talk</h1><p>Yesterday <b>Barack Obama</b> visited<br>Paris on ' +
      '<i>27 May</i> 2024.</p><table><tr><td>Angela Merkel</td><td>Berlin</td></tr></table></body></html>',
    note: '<div>Ask <em>Angela Merkel</em> about Berlin.</div>',
    dialogue: [
      { author: 'Mom', text: 'Barack Obama went to Paris.' },
      { author: 'Lily', text: 'On 27 May 2024 Angela Merkel spoke in Berlin.' },
    ],
  },
};

for (const target of ['page', 'note', 'chat']) {
  test(`built-in tagger spans on ${target === 'chat' ? 'a <Paragraphs> dialogue' : `a <HyperText> (${target})`} highlight the right characters`, async ({
    page,
  }) => {
    const written = await predict('builtin-entities', ['--target', target], {
      config: PAGES_CONFIG,
      task: PAGES_TASK,
    });
    const sent = written.predictions[0]!;
    const texts = sent.result.map((r) => (r.value as { text: string }).text);
    expect(texts).toEqual(
      {
        page: ['Yesterday', 'Barack Obama', 'Paris', '27 May 2024', 'Angela Merkel', 'Berlin'],
        note: ['Angela Merkel', 'Berlin'],
        chat: ['Barack Obama', 'Paris', '27 May 2024', 'Angela Merkel', 'Berlin'],
      }[target],
    );
    const [loaded] = await loadInEditor(page, {
      config: PAGES_CONFIG,
      data: written.data,
      predictions: [sent],
    });
    expectAllLoaded(sent, loaded);
    expect(loaded?.results.map((r) => r.shownText)).toEqual(texts);
  });
}
