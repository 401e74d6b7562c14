// One colour per label, the same in the page's overlay and in the mask
// bitmaps the worker paints.

const COLORS: readonly [number, number, number][] = [
  [230, 25, 75],
  [60, 180, 75],
  [67, 99, 216],
  [245, 130, 49],
  [145, 30, 180],
  [0, 128, 128],
  [240, 50, 230],
  [154, 99, 36],
];

export function labelRgb(label: string): [number, number, number] {
  let h = 0;
  for (const ch of label) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[h % COLORS.length] as [number, number, number];
}

export function labelColor(label: string): string {
  const [r, g, b] = labelRgb(label);
  return `rgb(${r} ${g} ${b})`;
}
