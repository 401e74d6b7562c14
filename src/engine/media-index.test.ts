import { describe, expect, it } from 'vitest';
import { MediaIndex, lastSegment, taskDisplayName } from './media-index';

const file = (name: string) => new File(['x'], name);

describe('MediaIndex', () => {
  const a = file('photo one.jpg');
  const b = file('b.png');
  const index = new MediaIndex([
    { path: 'set/photo one.jpg', file: a },
    { path: 'set/b.png', file: b },
  ]);

  it('finds files by dropped path and by name', () => {
    expect(index.find('set/b.png')).toBe(b);
    expect(index.find('b.png')).toBe(b);
  });

  it('finds a file behind a URL, an encoded name or a Label Studio upload prefix', () => {
    expect(index.find('https://host/img/photo%20one.jpg?sig=1')).toBe(a);
    expect(index.find('/data/upload/3/1a2b3c4d-b.png')).toBe(b);
    expect(index.find('/data/local-files/?d=mnt/set/b.png')).toBe(b);
  });

  it('returns undefined for unknown names', () => {
    expect(index.find('https://host/c.png')).toBeUndefined();
    expect(new MediaIndex().find('b.png')).toBeUndefined();
  });
});

describe('lastSegment and taskDisplayName', () => {
  it('keeps the name of URLs and paths', () => {
    expect(lastSegment('https://h/a/b%C3%A9.jpg#x')).toBe('bé.jpg');
    expect(lastSegment('C:\\photos\\c.jpg')).toBe('c.jpg');
  });

  it('falls back to the task id or position', () => {
    expect(taskDisplayName('https://h/x.jpg', 0, 7)).toBe('x.jpg');
    expect(taskDisplayName(undefined, 4, 17)).toBe('task #17');
    expect(taskDisplayName(42, 4, undefined)).toBe('task 5');
    expect(taskDisplayName('data:image/png;base64,AAAA', 1, undefined)).toBe(
      'task 2 (inline image)',
    );
  });
});
