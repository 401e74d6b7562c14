import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { SNIFF_LIMIT } from './detect-format';
import { importTaskFile } from './import-task-file';
import { importTaskStream } from './import-task-stream';
import { importViaStream, streamOf, utf8 } from './test-helpers';
import type { LsTask } from './types';

// Characters that matter to some format, plus multi-byte UTF-8 (2, 3 and 4 bytes)
// so random byte cuts split characters.
const tricky = ['a', 'Z', '0', ' ', ',', '"', '\\', '\n', '\r', '\t', '[', ']', '{', '}', ':'];
const multiByte = ['é', '中', '🦄', '\uFEFF'];
const char = fc.constantFrom(...tricky, ...multiByte);
const trickyString = fc.string({ unit: char, maxLength: 12 });

const names = ['t.json', 't.jsonl', 't.csv', 't.tsv', 't.txt', 'pasted'];

/** Byte offsets to cut at, scaled to the input length. */
const cutsArb = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });
const scale = (fractions: number[], length: number) => fractions.map((f) => Math.round(f * length));

async function expectSameAsWholeText(
  name: string,
  bytes: Uint8Array,
  fractions: number[],
  batchSize: number,
) {
  const whole = importTaskFile(name, new TextDecoder().decode(bytes), { dataKey: 'k' });
  const streamed = await importViaStream(
    name,
    bytes,
    { dataKey: 'k' },
    scale(fractions, bytes.length),
    batchSize,
  );
  expect(streamed.tasks).toEqual(whole.tasks);
  expect(streamed.issues).toEqual(whole.issues);
  expect(streamed.count).toBe(whole.tasks.length);
  return whole;
}

const dataArb = fc.dictionary(trickyString, fc.oneof(trickyString, fc.integer(), fc.boolean()), {
  maxKeys: 4,
});
const taskListArb = fc.array(
  fc.oneof(
    dataArb,
    fc.record({ data: dataArb }),
    fc.record({ id: fc.nat(), data: dataArb, predictions: fc.constant([]), extra: trickyString }),
  ),
  { maxLength: 8 },
);

/** A random serialisation of tasks in one of the formats. */
const fileArb = fc.oneof(
  fc
    .tuple(taskListArb, fc.constantFrom(undefined, 2))
    .map(([tasks, indent]) => ({ name: 't.json', text: JSON.stringify(tasks, null, indent) })),
  taskListArb.map((tasks) => ({
    name: 't.jsonl',
    text: tasks.map((t) => JSON.stringify(t)).join('\n'),
  })),
  fc
    .tuple(fc.array(fc.tuple(trickyString, trickyString), { maxLength: 8 }), fc.boolean())
    .map(([rows, tab]) => ({
      name: tab ? 't.tsv' : 't.csv',
      text: Papa.unparse(
        { fields: ['x', 'y'], data: rows },
        { delimiter: tab ? '\t' : ',', newline: '\r\n' },
      ),
    })),
  fc
    .array(trickyString, { maxLength: 8 })
    .map((lines) => ({ name: 't.txt', text: lines.join('\n') })),
);

/** Up to three random insertions or deletions, to produce broken files too. */
const mutationsArb = fc.array(
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.option(char)),
  { maxLength: 3 },
);
function mutate(text: string, edits: Array<[number, string | null]>): string {
  let out = text;
  for (const [where, insert] of edits) {
    const at = Math.floor(where * out.length);
    out =
      insert === null
        ? out.slice(0, at) + out.slice(at + 1)
        : out.slice(0, at) + insert + out.slice(at);
  }
  return out;
}

describe('importTaskStream gives exactly what importTaskFile gives', () => {
  it('for random task files, intact or broken, cut at random byte offsets', async () => {
    await fc.assert(
      fc.asyncProperty(
        fileArb,
        mutationsArb,
        cutsArb,
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        async (file, edits, cuts, batchSize, renamed) => {
          const text = mutate(file.text, edits);
          await expectSameAsWholeText(
            renamed ? 'no-extension' : file.name,
            utf8(text),
            cuts,
            batchSize,
          );
        },
      ),
      { numRuns: 400 },
    );
  });

  it('for random text under every file type', async () => {
    const textArb = fc.string({ unit: char, maxLength: 60 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), textArb, cutsArb, async (name, text, cuts) => {
        await expectSameAsWholeText(name, utf8(text), cuts, 3);
      }),
      { numRuns: 300 },
    );
  });

  it('for random bytes, including invalid UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.uint8Array({ maxLength: 80 }),
        cutsArb,
        async (name, bytes, cuts) => {
          await expectSameAsWholeText(name, bytes, cuts, 4);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('and the intact files load every task as written', async () => {
    await fc.assert(
      fc.asyncProperty(taskListArb, cutsArb, async (tasks, cuts) => {
        const whole = await expectSameAsWholeText('t.json', utf8(JSON.stringify(tasks)), cuts, 5);
        const expected = tasks.map((t) => ('data' in t ? t : { data: t }));
        expect(whole.issues).toEqual([]);
        expect(whole.tasks).toEqual(expected);
      }),
    );
  });

  it('when a badly quoted CSV field holds back over a megabyte as one row', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `row ${i},"q${i}"`);
    const text = `a,b\n1,"x"y\n${rows.join('\n')}\n`;
    const bytes = utf8(text);
    const cuts = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => i * 65_536);
    const whole = importTaskFile('big.csv', text);
    const streamed = await importViaStream('big.csv', bytes, {}, cuts);
    expect(streamed.tasks).toEqual(whole.tasks);
    expect(streamed.issues).toEqual(whole.issues);
    expect(whole.issues[0]?.line).toBe(2);
  });

  it('when the first line of an unknown file is longer than the sniffing window', async () => {
    // Past the window the line cannot be recognised as JSON Lines: both paths
    // still agree (and fall back to JSON).
    const long = `{"a":"${'x'.repeat(SNIFF_LIMIT)}"}`;
    const text = `${long}\n${long}\n`;
    const whole = await expectSameAsWholeText('pasted', utf8(text), [0.1, 0.3, 0.5, 0.9], 10);
    expect(whole.issues[0]?.message).toContain('name the file .jsonl');
    const short = `{"a":"${'x'.repeat(SNIFF_LIMIT - 100)}"}`;
    const fits = await expectSameAsWholeText('pasted', utf8(`${short}\n${short}`), [0.3, 0.7], 10);
    expect(fits.issues).toEqual([]);
    expect(fits.tasks).toHaveLength(2);
  });
});

describe('importTaskStream', () => {
  it('imports 100k generated tasks from a JSON list and from CSV in batches', async () => {
    const tasks: LsTask[] = Array.from({ length: 100_000 }, (_, i) => ({
      id: i,
      data: { image: `https://h/img/${i}.jpg`, label: i % 3 ? 'cat' : 'dög 🐕' },
    }));
    const json = utf8(JSON.stringify(tasks));
    const cuts = Array.from({ length: Math.ceil(json.length / 65_536) }, (_, i) => i * 65_536 + 7);
    const fromJson = await importViaStream('big.json', json, {}, cuts, 5000);
    expect(fromJson.count).toBe(100_000);
    expect(fromJson.batches).toBe(20);
    expect(fromJson.issues).toEqual([]);
    expect(fromJson.tasks[0]).toEqual(tasks[0]);
    expect(fromJson.tasks[99_999]).toEqual(tasks[99_999]);

    const csv = utf8(
      `image,label\n${tasks.map((t) => `${String(t.data.image)},${String(t.data.label)}`).join('\n')}`,
    );
    const fromCsv = await importViaStream('big.csv', csv, {}, cuts, 5000);
    expect(fromCsv.count).toBe(100_000);
    expect(fromCsv.tasks[12_345]).toEqual({ data: tasks[12_345]?.data });
  });

  it('hands over the first batch before the whole file is read', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ n: i }));
    const chunks = lines.map((line) => utf8(`${line}\n`));
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks[pulled++];
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const pulledAtBatch: number[] = [];
    await importTaskStream('t.jsonl', stream, {}, () => void pulledAtBatch.push(pulled), 10);
    expect(pulledAtBatch).toHaveLength(5);
    expect(pulledAtBatch[0]).toBeLessThan(20);
  });

  it('stops reading after a fatal JSON error', async () => {
    let cancelled = false;
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(utf8(pulls === 1 ? '[{"a":1}, }' : ',{"a":2}'));
        if (pulls > 1000) controller.close();
      },
      cancel() {
        cancelled = true;
      },
    });
    const issues: string[] = [];
    const { count } = await importTaskStream('t.json', stream, {}, (_t, found) => {
      issues.push(...found.map((i) => i.message));
    });
    expect(count).toBe(1);
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(10);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^t\.json, line 1, column 11: invalid JSON: Unexpected/);
  });

  it('rejects when its signal aborts, and when the stream fails', async () => {
    const controller = new AbortController();
    const text = utf8(Array.from({ length: 100 }, (_, i) => `{"n":${i}}`).join('\n'));
    const cuts = Array.from({ length: 100 }, (_, i) => i * 10);
    const run = importTaskStream(
      't.jsonl',
      streamOf(text, cuts),
      { signal: controller.signal },
      () => controller.abort(new Error('user cancelled')),
      5,
    );
    await expect(run).rejects.toThrow('user cancelled');

    const failing = new ReadableStream<Uint8Array>({
      pull(c) {
        c.error(new Error('disk gone'));
      },
    });
    await expect(importTaskStream('t.jsonl', failing, {}, () => undefined)).rejects.toThrow(
      'disk gone',
    );
  });
});
