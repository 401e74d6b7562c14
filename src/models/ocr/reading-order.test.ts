import { describe, expect, it } from 'vitest';
import { sortReadingOrder } from './reading-order';
import type { Quad } from './types';

const box = (name: string, x: number, y: number, w: number, h: number) => ({
  name,
  quad: [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h],
  ] as Quad,
});

describe('sortReadingOrder', () => {
  it('reads lines top to bottom and boxes left to right, despite uneven baselines', () => {
    const boxes = [
      box('line2-right', 400, 118, 120, 30),
      box('line1-middle', 220, 44, 150, 30),
      box('line3', 20, 200, 300, 30),
      box('line1-left', 20, 40, 180, 30),
      // Sits 8 px higher than its neighbours: still the same line.
      box('line1-right', 400, 32, 100, 30),
      box('line2-left', 20, 120, 350, 30),
    ];
    expect(sortReadingOrder(boxes).map((b) => b.name)).toEqual([
      'line1-left',
      'line1-middle',
      'line1-right',
      'line2-left',
      'line2-right',
      'line3',
    ]);
  });

  it('keeps a small box beside a tall one in the same line when its centre is within the text height', () => {
    const boxes = [box('big', 100, 0, 200, 60), box('small', 10, 20, 50, 20)];
    expect(sortReadingOrder(boxes).map((b) => b.name)).toEqual(['small', 'big']);
  });

  it('separates lines closer than PaddleOCR’s fixed 10 px when the text is small', () => {
    const boxes = [box('b', 10, 12, 40, 8), box('a', 60, 0, 40, 8)];
    expect(sortReadingOrder(boxes).map((b) => b.name)).toEqual(['a', 'b']);
  });
});
