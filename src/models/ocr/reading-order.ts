import type { Quad } from './types';

interface Placed<T> {
  item: T;
  left: number;
  centreY: number;
  height: number;
}

/**
 * Reading order for horizontal text: lines top to bottom, boxes left to right
 * within a line. A box joins the current line when its vertical centre is
 * within half a text height of the line's centre, so slightly uneven baselines
 * (or a slight tilt) do not split a line the way PaddleOCR's fixed 10-px rule can.
 */
export function sortReadingOrder<T extends { quad: Quad }>(items: readonly T[]): T[] {
  const placed: Placed<T>[] = items.map((item) => {
    const ys = item.quad.map((p) => p[1]);
    const top = Math.min(...ys);
    const bottom = Math.max(...ys);
    return {
      item,
      left: Math.min(...item.quad.map((p) => p[0])),
      centreY: (top + bottom) / 2,
      height: bottom - top,
    };
  });
  placed.sort((a, b) => a.centreY - b.centreY || a.left - b.left);

  const lines: { members: Placed<T>[]; centreY: number; height: number }[] = [];
  for (const p of placed) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(p.centreY - line.centreY) <= 0.5 * Math.min(p.height, line.height)) {
      line.members.push(p);
      const n = line.members.length;
      line.centreY += (p.centreY - line.centreY) / n;
      line.height += (p.height - line.height) / n;
    } else {
      lines.push({ members: [p], centreY: p.centreY, height: p.height });
    }
  }
  return lines.flatMap((line) => line.members.sort((a, b) => a.left - b.left).map((p) => p.item));
}
