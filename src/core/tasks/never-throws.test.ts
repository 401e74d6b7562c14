import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataAtPath } from '../config/data-path';
import { importTaskFile } from './import-task-file';
import { mediaFilesToTasks } from './media-files';

const names = ['t.json', 't.jsonl', 't.ndjson', 't.csv', 't.tsv', 't.txt', 'noext', 't.dat'];

function expectImportResult(result: { tasks: unknown[]; issues: unknown[] }): void {
  expect(Array.isArray(result.tasks)).toBe(true);
  expect(Array.isArray(result.issues)).toBe(true);
  for (const task of result.tasks) {
    expect(typeof (task as { data: unknown }).data).toBe('object');
  }
}

describe('importers never throw', () => {
  it('importTaskFile on random strings, for every file type, with and without a data key', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.json()),
        fc.option(fc.string({ maxLength: 8 })),
        (name, text, key) => {
          expectImportResult(importTaskFile(name, text, key === null ? {} : { dataKey: key }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('importTaskFile on random bytes decoded as UTF-8', () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.uint8Array({ maxLength: 200 }), (name, bytes) => {
        expectImportResult(importTaskFile(name, new TextDecoder().decode(bytes), { dataKey: 'k' }));
      }),
    );
  });

  it('mediaFilesToTasks and dataAtPath on random input', () => {
    const ref = fc.record(
      {
        name: fc.string(),
        path: fc.string(),
        type: fc.string(),
        size: fc.nat(),
        text: fc.string(),
      },
      { requiredKeys: ['name'] },
    );
    const target = fc.record(
      {
        tag: fc.constantFrom('Image', 'Audio', 'AudioPlus', 'Text', 'HyperText', 'Video', 'X'),
        name: fc.string(),
        dataKey: fc.string(),
        valueList: fc.boolean(),
      },
      { requiredKeys: ['tag', 'name'] },
    );
    fc.assert(
      fc.property(fc.array(ref), fc.array(target), (files, objects) => {
        const result = mediaFilesToTasks(files, objects);
        expect(result.tasks.length + result.issues.length).toBe(files.length);
        expect(result.fileIndex).toHaveLength(result.tasks.length);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (path) => {
        expect(typeof dataAtPath(path, 1)).toBe('object');
      }),
    );
  });
});
