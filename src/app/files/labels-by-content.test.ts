import { describe, expect, it } from 'vitest';
import { fileLooksLikeLabels, looksLikeLabels } from './labels-by-content';

describe('looksLikeLabels', () => {
  it('reads class lists as labels', () => {
    expect(looksLikeLabels('coco.json', '["person", "bicycle", "traffic light"]')).toBe(true);
    expect(looksLikeLabels('x.json', '{"names": ["a", "b"]}')).toBe(true);
    expect(looksLikeLabels('x.json', '{"0": "cat", "1": "dog"}')).toBe(true);
    expect(looksLikeLabels('x.json', '{"cat": 0, "dog": 1}')).toBe(true);
    expect(looksLikeLabels('synset.txt', '\uFEFFtench\r\ngoldfish\n\ngreat white shark\n')).toBe(
      true,
    );
    expect(looksLikeLabels('darknet.names', 'person\ncar')).toBe(true);
  });

  it('keeps task files as tasks', () => {
    expect(looksLikeLabels('tasks.json', '[{"data": {"image": "a.png"}}]')).toBe(false);
    expect(looksLikeLabels('urls.json', '["https://x.test/a.jpg"]')).toBe(false);
    expect(looksLikeLabels('urls.txt', 'https://x.test/a.jpg\nhttps://x.test/b.jpg')).toBe(false);
    expect(looksLikeLabels('names.txt', 'a.png\nb.png')).toBe(false);
    expect(looksLikeLabels('paths.txt', 'photos/a\nphotos/b')).toBe(false);
    expect(looksLikeLabels('broken.json', '["a", ')).toBe(false);
    expect(looksLikeLabels('empty.txt', '\n\n')).toBe(false);
    expect(looksLikeLabels('tasks.csv', 'image\ncat')).toBe(false);
    expect(looksLikeLabels('long.txt', 'x'.repeat(200))).toBe(false);
  });

  it('reads the file', async () => {
    expect(await fileLooksLikeLabels('c.txt', new Blob(['cat\ndog']))).toBe(true);
  });
});
