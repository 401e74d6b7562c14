import { describe, expect, it } from 'vitest';
import { importTaskFile } from './import-task-file';

const importJson = (text: string) => importTaskFile('tasks.json', text);

describe('Label Studio JSON import', () => {
  it('takes a list of tasks, wrapping objects without data as the data', () => {
    const result = importJson(
      '[{"data": {"image": "a.jpg"}}, {"image": "b.jpg", "label": "x"}, {"data": {"text": "t"}, "predictions": []}]',
    );
    expect(result.issues).toEqual([]);
    expect(result.tasks).toEqual([
      { data: { image: 'a.jpg' } },
      { data: { image: 'b.jpg', label: 'x' } },
      { data: { text: 't' }, predictions: [] },
    ]);
  });

  it('takes one task object, or one data object', () => {
    expect(importJson('{"data": {"image": "a.jpg"}, "id": 4}').tasks).toEqual([
      { data: { image: 'a.jpg' }, id: 4 },
    ]);
    expect(importJson('  {"image": "a.jpg"}\n').tasks).toEqual([{ data: { image: 'a.jpg' } }]);
  });

  it('round-trips exported tasks: every field verbatim, in order', () => {
    const exported = [
      {
        id: 101,
        data: { image: '/data/upload/3/cat.jpg', meta: { nested: [1, 2, { deep: null }] } },
        annotations: [
          {
            id: 7,
            completed_by: 1,
            result: [
              {
                id: 'r1',
                from_name: 'label',
                to_name: 'image',
                type: 'rectanglelabels',
                original_width: 640,
                original_height: 480,
                value: {
                  x: 1.5,
                  y: 2,
                  width: 30,
                  height: 40,
                  rotation: 0,
                  rectanglelabels: ['Cat'],
                },
              },
            ],
            was_cancelled: false,
            lead_time: 3.25,
          },
        ],
        predictions: [{ model_version: 'v1', score: 0.5, result: [] }],
        meta: {},
        created_at: '2024-05-01T10:00:00.000000Z',
        inner_id: 1,
        total_annotations: 1,
        last_comment_updated_at: null,
        project: 3,
        file_upload: 'tasks.json',
        comment_authors: [],
        'unicode ключ 🦄': 'значение',
      },
      { id: 102, data: { image: '/data/upload/3/dog.jpg' }, annotations: [], predictions: [] },
    ];
    const text = JSON.stringify(exported, null, 2);
    const result = importJson(text);
    expect(result.issues).toEqual([]);
    expect(result.tasks).toEqual(exported);
    expect(JSON.stringify(result.tasks, null, 2)).toBe(text);
  });

  it('reports records that are not tasks by 1-based record number and line, keeping the rest', () => {
    const text = '[\n  {"a": 1},\n  42,\n  {"data": "x"},\n  null,\n  {"b": 2}\n]';
    const result = importJson(text);
    expect(result.tasks).toEqual([{ data: { a: 1 } }, { data: { b: 2 } }]);
    expect(result.issues).toEqual([
      {
        file: 'tasks.json',
        record: 2,
        line: 3,
        message: 'tasks.json, record 2 (line 3): expected a task object, found a number',
      },
      {
        file: 'tasks.json',
        record: 3,
        line: 4,
        message: 'tasks.json, record 3 (line 4): "data" must be an object, found a string',
      },
      {
        file: 'tasks.json',
        record: 4,
        line: 5,
        message: 'tasks.json, record 4 (line 5): expected a task object, found null',
      },
    ]);
  });

  it('rejects predictions or annotations that are not lists, and ids that are not numbers', () => {
    const result = importJson(
      '[{"data": {}, "predictions": {}}, {"data": {}, "annotations": 1}, {"data": {}, "id": "7"}]',
    );
    expect(result.tasks).toEqual([]);
    expect(result.issues.map((i) => i.record)).toEqual([1, 2, 3]);
    expect(result.issues[0]?.message).toContain('"predictions" must be a list');
    expect(result.issues[2]?.message).toContain('"id" must be a number');
  });

  it('gives the line and column of a syntax error, keeping the records before it', () => {
    // Line 3 is `  {"a": }`: the bad `}` is column 9.
    const result = importJson('[\n  {"a": 1},\n  {"a": },\n  {"a": 3}\n]');
    expect(result.tasks).toEqual([{ data: { a: 1 } }]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({ file: 'tasks.json', line: 3, column: 9 });
    expect(result.issues[0]?.message).toMatch(/^tasks\.json, line 3, column 9: invalid JSON: /);
  });

  it.each([
    ['[{},,{}]', 1, 5, "Unexpected ','"],
    ['[{"a":1},]', 1, 10, "Unexpected ']'"],
    ['[{"a":1}', 1, 9, "no closing ']'"],
    ['[{"a":1}]]', 1, 10, 'after the end of the task list'],
    ['[{"a":1]', 1, 8, ''],
    ['[{"a":"x', 1, 9, 'Unterminated string'],
    ['{"a":1}\n{"a":2}', 2, 1, 'name the file .jsonl'],
    ['{"a" 1}', 1, 6, ''],
    ['\n\n   {"a":tru}', 3, 12, ''],
  ])('locates the syntax error in %j at line %i column %i', (text, line, column, words) => {
    const { issues } = importJson(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line, column });
    expect(issues[0]?.message).toContain(words);
  });

  it('takes an empty list without issues and reports a top-level value that is no task', () => {
    expect(importJson('[ ]')).toEqual({ tasks: [], issues: [] });
    const { issues } = importJson('"hello"');
    expect(issues[0]?.message).toBe(
      'tasks.json, line 1: expected a list of tasks or one task object, found a string',
    );
  });

  it('keeps strings with brackets, commas and escaped quotes inside elements intact', () => {
    const data = { t: 'a, [b] {c} "d" \\ \u2028 🦄', u: '\\"],[{' };
    const text = JSON.stringify([{ data }, { data }]);
    expect(importJson(text).tasks).toEqual([{ data }, { data }]);
  });

  it('ignores a BOM', () => {
    expect(importJson('\uFEFF[{"a":1}]')).toEqual({ tasks: [{ data: { a: 1 } }], issues: [] });
  });
});
