// A text project through the worker's Engine (in Node: the journal on
// fake-indexeddb): a config with <Labels> on <Text>, a .txt and a JSON task
// file, the built-in tagger, a run, the preview and the export. Tasks without
// text fail one by one, named, and the rest goes on.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { LsPrediction } from '../core/results/types';
import type { RunProgress } from './api';
import { Engine } from './engine';

const CONFIG = `<View>
  <Text name="text" value="$text"/>
  <Labels name="ner" toName="text">
    <Label value="PER" predicted_values="Person"/><Label value="LOC" predicted_values="Place"/>
    <Label value="Date"/><Label value="Email"/>
  </Labels>
</View>`;

const CRLF_TEXT =
  'I ❤️ 🦄 hear Barack Obama visited\r\nParis on 27 May 2024 👩‍👩‍👧; mail a.b@example.com.';

const file = (name: string, text: string) => ({ file: new File([text], name), path: name });

async function textEngine(taskFiles: ReturnType<typeof file>[]) {
  const engine = new Engine();
  expect((await engine.setConfig(CONFIG)).ok).toBe(true);
  const summary = await engine.setTaskSources({ taskFiles, mediaFiles: [] });
  const model = await engine.loadModel({
    source: { kind: 'text-builtin', id: 'builtin-entities' },
    backend: 'wasm',
  });
  return { engine, summary, model };
}

describe('Engine on text tasks', () => {
  it('runs the built-in tagger on a .txt and JSON, shows the text and spans, exports them', async () => {
    const json = JSON.stringify([
      { id: 7, data: { text: CRLF_TEXT } },
      { id: 8, data: { other: 'no text here' } },
    ]);
    const { engine, summary, model } = await textEngine([
      file('lines.txt', 'Angela Merkel met Emmanuel Macron in Berlin.\nNothing to see here\n'),
      file('tasks.json', json),
    ]);
    expect(summary.total).toBe(4);
    expect(model.kind).toBe('text-span');
    const progress: RunProgress[] = [];
    const run = await engine.run(
      {
        targets: [],
        options: { confidence: 0, iou: 0, maxDetections: 0 },
        text: { fromName: 'ner', toName: 'text', mapping: { Person: 'PER', Place: 'LOC' } },
      },
      (p) => progress.push(p),
    );
    expect(run.state).toBe('done');
    expect(run.done).toBe(4);
    // The task without $text fails alone, named by its id, saying what is missing.
    expect(run.failures).toEqual([
      expect.objectContaining({
        index: 3,
        name: 'task #8',
        message: expect.stringMatching(/\$text/),
      }),
    ]);
    expect(progress.at(-1)).toMatchObject({ state: 'done', done: 4, failed: 1 });

    const first = await engine.getTaskView(0);
    expect(first.image).toBeNull();
    expect(first.text).toEqual({
      object: 'text',
      value: 'Angela Merkel met Emmanuel Macron in Berlin.',
    });
    // Named by the start of its text (40 characters).
    expect(first.name).toBe('task 1: "Angela Merkel met Emmanuel Macron in Ber…"');
    expect(first.results.map((r) => [r.value.text, r.value.labels])).toEqual([
      ['Angela Merkel', ['PER']],
      ['Emmanuel Macron', ['PER']],
      ['Berlin', ['LOC']],
    ]);
    // Only the mapped classes: Date and Email are not in the mapping sent.
    const crlf = await engine.getTaskView(2);
    expect(crlf.text?.value).toBe(CRLF_TEXT);
    expect(crlf.results.map((r) => r.value.text)).toEqual(['Barack Obama', 'Paris']);
    const points = Array.from(CRLF_TEXT);
    for (const r of crlf.results) {
      const { start, end, text } = r.value as { start: number; end: number; text: string };
      expect(points.slice(start, end).join('')).toBe(text);
    }

    const exported = await engine.exportFile('tasks-with-predictions');
    const tasks = JSON.parse(await exported.blob.text()) as {
      data: Record<string, unknown>;
      predictions: LsPrediction[];
    }[];
    expect(exported.written).toBe(3);
    expect(tasks.map((t) => t.data.text)).toEqual([
      'Angela Merkel met Emmanuel Macron in Berlin.',
      'Nothing to see here',
      CRLF_TEXT,
    ]);
    expect(tasks[2]!.predictions[0]!.model_version).toBe(run.modelVersion);
  });

  it('reads a CSV column named like the config key (a quoted CRLF stays in the text)', async () => {
    const csv = 'id,text\r\n1,"Barack Obama visited\r\nParis."\r\n2,Angela Merkel\r\n';
    const { engine, summary } = await textEngine([file('texts.csv', csv)]);
    expect(summary.total).toBe(2);
    await engine.run(
      { targets: [], options: { confidence: 0, iou: 0, maxDetections: 0 } },
      () => undefined,
    );
    const view = await engine.getTaskView(0);
    expect(view.text?.value).toBe('Barack Obama visited\r\nParis.');
    expect(view.results.map((r) => r.value.text)).toEqual(['Barack Obama', 'Paris']);
  });

  it('a text that starts with a URL is text: no media host to allow', async () => {
    const { summary } = await textEngine([file('urls.txt', 'https://example.com/a is down')]);
    expect(summary.total).toBe(1);
    expect(summary.origins).toBeUndefined();
  });

  it('without a chosen control, fills the first that fits with the automatic mapping', async () => {
    const { engine } = await textEngine([file('one.txt', 'Mail a.b@example.com on 27 May 2024.')]);
    const run = await engine.run(
      { targets: [], options: { confidence: 0, iou: 0, maxDetections: 0 } },
      () => undefined,
    );
    expect(run.failures).toEqual([]);
    const view = await engine.getTaskView(0);
    expect(view.results.map((r) => r.value.labels)).toEqual([['Email'], ['Date']]);
  });

  it('cancel stops a text run between tasks; the tasks not run are not exported', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => `Barack Obama visited Paris, day ${i}.`);
    const { engine } = await textEngine([file('many.txt', lines.join('\n'))]);
    // Cancel on the second task's settled event: progress reports are
    // throttled (100 ms), and 40 short texts may all finish inside one.
    let settled = 0;
    const run = await engine.run(
      { targets: [], options: { confidence: 0, iou: 0, maxDetections: 0 } },
      () => undefined,
      undefined,
      (event) => {
        if (event.stage === 'settled' && ++settled === 2) void engine.cancel();
      },
    );
    expect(run.state).toBe('cancelled');
    expect(run.done).toBeLessThan(40);
    const exported = await engine.exportFile('tasks-with-predictions');
    expect(exported.written).toBe(run.done);
  });

  it('a new mapping after the run re-derives the spans and the export without the model', async () => {
    const { engine } = await textEngine([
      file('lines.txt', 'Angela Merkel met Emmanuel Macron in Berlin.\nBarack Obama, Paris.\n'),
    ]);
    const request = (mapping: Record<string, string | null>) => ({
      targets: [],
      options: { confidence: 0, iou: 0, maxDetections: 0 },
      text: { fromName: 'ner', toName: 'text', mapping },
    });
    const run = await engine.run(request({ Person: 'PER', Place: 'LOC' }), () => undefined);
    expect(run.state).toBe('done');
    const labelsOf = async (index: number) =>
      (await engine.getTaskView(index)).results.map((r) => [r.value.text, r.value.labels]);
    expect(await labelsOf(1)).toEqual([
      ['Barack Obama', ['PER']],
      ['Paris', ['LOC']],
    ]);
    // Places now unmapped, people labelled "Date" (a label of the config): no model run.
    const summary = await engine.rethreshold(request({ Person: 'Date', Place: null }));
    expect(summary).toMatchObject({
      supported: true,
      tasks: 2,
      changed: 2,
      inexact: 0,
      regions: 3,
    });
    expect(await labelsOf(0)).toEqual([
      ['Angela Merkel', ['Date']],
      ['Emmanuel Macron', ['Date']],
    ]);
    const exported = await engine.exportFile('tasks-with-predictions');
    const tasks = JSON.parse(await exported.blob.text()) as { predictions: LsPrediction[] }[];
    expect(tasks[1]!.predictions[0]!.result.map((r) => r.value.labels)).toEqual([['Date']]);
  });
});
