import { describe, expect, it } from 'vitest';
import { importTaskFile } from './import-task-file';

describe('TXT import', () => {
  it('makes one task per non-empty line under the given data key', () => {
    const text = 'http://h/1.jpg\r\n\r\n  http://h/2.jpg  \n\t\nhttp://h/3.jpg';
    expect(importTaskFile('urls.txt', text, { dataKey: 'image' })).toEqual({
      tasks: [
        { data: { image: 'http://h/1.jpg' } },
        { data: { image: 'http://h/2.jpg' } },
        { data: { image: 'http://h/3.jpg' } },
      ],
      issues: [],
    });
  });

  it('follows a nested data path', () => {
    expect(importTaskFile('u.txt', 'x', { dataKey: 'media.urls[1]' }).tasks).toEqual([
      { data: { media: { urls: [undefined, 'x'] } } },
    ]);
  });

  it('asks for the labeling config when no data key is given', () => {
    const result = importTaskFile('urls.txt', 'http://h/1.jpg\n');
    expect(result.tasks).toEqual([]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.message).toMatch(/^urls\.txt: .*labeling config/);
  });
});
