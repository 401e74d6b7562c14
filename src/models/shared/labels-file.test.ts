import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabelsFileError, parseLabelsFile } from './labels-file';
import { fixturesPresent } from '../../../test/require-fixtures';

describe('parseLabelsFile', () => {
  it('reads one name per line, ignoring blank lines, CRLF and a BOM', () => {
    expect(parseLabelsFile('a.txt', '\uFEFFperson\r\n\r\ntraffic light\ncat\n')).toEqual([
      'person',
      'traffic light',
      'cat',
    ]);
  });

  it('reads a JSON list and a {"names": [...]} wrapper', () => {
    expect(parseLabelsFile('a.json', '["dog", "cat"]')).toEqual(['dog', 'cat']);
    expect(parseLabelsFile('a.json', '{"names": ["dog", "cat"]}')).toEqual(['dog', 'cat']);
  });

  it('orders an index → name dict by index, not by key order', () => {
    expect(parseLabelsFile('a.json', '{"1": "cat", "0": "dog", "2": "cow"}')).toEqual([
      'dog',
      'cat',
      'cow',
    ]);
  });

  it('reads a name → index dict', () => {
    expect(parseLabelsFile('a.json', '{"cat": 1, "dog": 0}')).toEqual(['dog', 'cat']);
  });

  it('refuses gaps, empty files and bad JSON with the file name in the message', () => {
    expect(() => parseLabelsFile('gap.json', '{"0": "a", "2": "b"}')).toThrow(/gap\.json.*0\.\.1/);
    expect(() => parseLabelsFile('empty.txt', '\n \n')).toThrow(LabelsFileError);
    expect(() => parseLabelsFile('bad.json', '[1, 2]')).toThrow(/only strings/);
    expect(() => parseLabelsFile('bad.json', '{"a": "b"')).toThrow(/invalid JSON/);
  });
});

const labelsDir = resolve(process.cwd(), '../shared/models/labels');
const present = fixturesPresent('shared labels files', labelsDir);

describe.skipIf(!present)('parseLabelsFile on the shared labels', () => {
  it.each([
    ['coco80.json', 80, 'person'],
    ['coco80_darknet.names', 80, 'person'],
    ['voc21.json', 21, 'background'],
    ['wl-news-topic-en.labels.json', 10, 'Business'],
  ])('%s has %i classes starting with %s', (file, count, first) => {
    const names = parseLabelsFile(file, readFileSync(resolve(labelsDir, file), 'utf8'));
    expect(names).toHaveLength(count);
    expect(names[0]).toBe(first);
  });
});
