// Text tasks through every import path: raw text must arrive unchanged
// (emoji, combining marks, CRLF inside a task), since span offsets count
// the raw task text.
import { describe, expect, it } from 'vitest';
import { importTaskFile } from './import-task-file';
import { importTaskStream } from './import-task-stream';
import { mediaFilesToTasks } from './media-files';
import type { LsTask } from './types';

const RAW = 'I ❤️ 🦄 visited Paris,\r\nthen Zoe\u0308 said "hi"\ttwice.';

describe('text tasks', () => {
  it("TXT: a task per line under the config's first data key, emoji and combining marks kept", () => {
    const { tasks, issues } = importTaskFile(
      'lines.txt',
      'I ❤️ 🦄 visited Paris\r\nZoe\u0308 said hi\n',
      {
        dataKey: 'text',
      },
    );
    expect(issues).toEqual([]);
    expect(tasks).toEqual([
      { data: { text: 'I ❤️ 🦄 visited Paris' } },
      { data: { text: 'Zoe\u0308 said hi' } },
    ]);
  });

  it('TXT: a dropped .txt file as one task, its CRLFs and outer spaces kept', () => {
    const { tasks, issues } = mediaFilesToTasks(
      [{ name: 'letter.txt', type: 'text/plain', size: 99, text: `  ${RAW}\r\n` }],
      [{ tag: 'Text', name: 'text', dataKey: 'text' }],
    );
    expect(issues).toEqual([]);
    expect(tasks).toEqual([{ data: { text: `  ${RAW}\r\n` } }]);
  });

  it('CSV and TSV: columns become data keys; a quoted cell keeps its CRLF', () => {
    const csv = `text,topic\r\n"${RAW.replace(/"/g, '""')}",travel\r\nplain,other\r\n`;
    expect(importTaskFile('t.csv', csv).tasks).toEqual([
      { data: { text: RAW, topic: 'travel' } },
      { data: { text: 'plain', topic: 'other' } },
    ]);
    const tsv = 'text\tlang\nHallo Welt 🦄\tde\n';
    expect(importTaskFile('t.tsv', tsv).tasks).toEqual([
      { data: { text: 'Hallo Welt 🦄', lang: 'de' } },
    ]);
  });

  it('JSON: Text, HyperText and Paragraphs dialogues ([{author, text}]) as given', () => {
    const tasks = [
      { id: 7, data: { text: RAW, html: '<p>Hi <b>Ann</b></p>' } },
      {
        dialogue: [
          { author: 'Customer', text: 'My order 🦄 is late.\r\nHelp?' },
          { author: 'Agent', text: 'Sorry!' },
        ],
      },
    ];
    const { tasks: got, issues } = importTaskFile('tasks.json', JSON.stringify(tasks));
    expect(issues).toEqual([]);
    expect(got).toEqual([
      { id: 7, data: tasks[0]!.data },
      { data: { dialogue: tasks[1]!.dialogue } },
    ]);
  });

  it('a multi-megabyte text arrives whole through the streaming import, in any chunking', async () => {
    const big = RAW.repeat(Math.ceil(3_000_000 / RAW.length));
    const json = JSON.stringify([{ data: { text: big } }, { data: { text: 'small' } }]);
    const bytes = new TextEncoder().encode(json);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // odd chunk size: cuts inside UTF-8 sequences and surrogate pairs
        for (let at = 0; at < bytes.length; at += 65_537)
          controller.enqueue(bytes.subarray(at, at + 65_537));
        controller.close();
      },
    });
    const got: LsTask[] = [];
    await importTaskStream('big.json', stream, {}, (tasks) => {
      got.push(...tasks);
    });
    expect(got).toHaveLength(2);
    expect((got[0]!.data['text'] as string).length).toBe(big.length);
    expect(got[0]!.data['text'] === big).toBe(true);
  });
});
