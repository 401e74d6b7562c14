import { describe, expect, it } from 'vitest';
import { importTaskFile } from './import-task-file';

describe('JSON Lines import', () => {
  it('reads one task per line, skipping blank lines, with CRLF endings', () => {
    const text = '{"data": {"image": "a.jpg"}, "id": 1}\r\n\r\n{"image": "b.jpg"}\r\n';
    for (const name of ['tasks.jsonl', 'tasks.ndjson', 'TASKS.JSONL']) {
      expect(importTaskFile(name, text)).toEqual({
        tasks: [{ data: { image: 'a.jpg' }, id: 1 }, { data: { image: 'b.jpg' } }],
        issues: [],
      });
    }
  });

  it('reports each bad line with line and column while the other lines load', () => {
    const text = ['{"a": 1}', '{"a": }', '7', '{"a": 4}', '{"b" 5}', '{"data": []}', ''].join('\n');
    const result = importTaskFile('t.jsonl', text);
    expect(result.tasks).toEqual([{ data: { a: 1 } }, { data: { a: 4 } }]);
    expect(result.issues.map((i) => [i.line, i.column])).toEqual([
      [2, 7],
      [3, undefined],
      [5, 6],
      [6, undefined],
    ]);
    expect(result.issues[0]?.message).toMatch(/^t\.jsonl, line 2, column 7: invalid JSON: /);
    expect(result.issues[1]?.message).toBe(
      't.jsonl, line 3: expected a task object, found a number',
    );
    expect(result.issues[3]?.message).toBe(
      't.jsonl, line 6: "data" must be an object, found a list',
    );
  });

  it('keeps exported tasks verbatim', () => {
    const tasks = [
      { id: 1, data: { text: 'x' }, annotations: [{ result: [] }], extra: { k: [1, null] } },
      { id: 2, data: { text: 'y' }, predictions: [] },
    ];
    const text = tasks.map((t) => JSON.stringify(t)).join('\n');
    expect(importTaskFile('t.jsonl', text)).toEqual({ tasks, issues: [] });
  });
});
