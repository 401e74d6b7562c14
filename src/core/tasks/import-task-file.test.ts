import { describe, expect, it } from 'vitest';
import { sniffFormat } from './detect-format';
import { importTaskFile } from './import-task-file';
import { MAX_ISSUES_PER_FILE } from './task-importer';

describe('importTaskFile picks the format', () => {
  it('by extension, whatever the content looks like', () => {
    // The same text means different tasks as CSV and as TXT.
    const text = 'a,b\n1,2\n';
    expect(importTaskFile('x.csv', text).tasks).toEqual([{ data: { a: '1', b: '2' } }]);
    expect(importTaskFile('x.txt', text, { dataKey: 'k' }).tasks).toEqual([
      { data: { k: 'a,b' } },
      { data: { k: '1,2' } },
    ]);
  });

  it('by content when the extension is unknown', () => {
    expect(sniffFormat('\n  [{"a":1}]')).toBe('json');
    expect(sniffFormat('{\n "data": {}\n}')).toBe('json');
    expect(sniffFormat('{"a":1}\n{"a":2}')).toBe('jsonl');
    expect(sniffFormat('a\tb\n1\t2')).toBe('tsv');
    expect(sniffFormat('a,b\n1,2')).toBe('csv');
    expect(sniffFormat('http://h/1.jpg\nhttp://h/2.jpg')).toBe('txt');
    expect(importTaskFile('pasted', '{"a":1}\n{"a":2}').tasks).toEqual([
      { data: { a: 1 } },
      { data: { a: 2 } },
    ]);
    expect(importTaskFile('tasks.dat', '[{"a":1}]').tasks).toEqual([{ data: { a: 1 } }]);
    expect(importTaskFile('list', 'u1\nu2', { dataKey: 'image' }).tasks).toHaveLength(2);
  });

  it('reports an empty or blank file', () => {
    for (const [name, text] of [
      ['e.json', ''],
      ['e.csv', '\uFEFF'],
      ['e.txt', ' \n\r\n\t'],
      ['e', ''],
    ] as const) {
      expect(importTaskFile(name, text, { dataKey: 'image' })).toEqual({
        tasks: [],
        issues: [{ file: name, message: `${name}: empty file` }],
      });
    }
  });

  it('lists at most MAX_ISSUES_PER_FILE issues, then counts the rest', () => {
    const text = Array.from({ length: MAX_ISSUES_PER_FILE + 5 }, () => '1').join('\n');
    const { issues } = importTaskFile('n.jsonl', `${text}\n{"ok":1}`);
    expect(issues).toHaveLength(MAX_ISSUES_PER_FILE + 1);
    expect(issues.at(-1)?.message).toBe('n.jsonl: 5 more problems not listed');
  });
});
