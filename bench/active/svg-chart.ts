// A minimal line chart as SVG text (axes, ticks, one polyline per series, a
// legend): enough for the README's accuracy-vs-labels plots, no library.

export interface Series {
  name: string;
  color: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Horizontal reference lines (e.g. the 95 % target). */
  guides?: { y: number; label: string }[];
  width?: number;
  height?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number) => Number(v.toFixed(1)).toString();

/** Round tick values covering [min, max]. */
export function ticks(min: number, max: number, count = 6): number[] {
  const span = max - min || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
    out.push(Number(v.toPrecision(12)));
  }
  return out;
}

export function lineChart(series: readonly Series[], options: ChartOptions): string {
  const width = options.width ?? 760;
  const height = options.height ?? 440;
  const m = { left: 60, right: 190, top: 40, bottom: 50 };
  const all = series.flatMap((s) => s.points);
  const guides = options.guides ?? [];
  const xMin = Math.min(...all.map((p) => p.x));
  const xMax = Math.max(...all.map((p) => p.x));
  const ys = [...all.map((p) => p.y), ...guides.map((g) => g.y)];
  const yMin = Math.floor(Math.min(...ys) * 50) / 50;
  const yMax = Math.min(1, Math.ceil(Math.max(...ys) * 50) / 50);
  const px = (x: number) => m.left + ((x - xMin) / (xMax - xMin || 1)) * (width - m.left - m.right);
  const py = (y: number) =>
    height - m.bottom - ((y - yMin) / (yMax - yMin || 1)) * (height - m.top - m.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2 - m.right / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(options.title)}</text>`,
  ];
  for (const t of ticks(xMin, xMax)) {
    out.push(
      `<line x1="${num(px(t))}" y1="${m.top}" x2="${num(px(t))}" y2="${height - m.bottom}" stroke="#eee"/>`,
      `<text x="${num(px(t))}" y="${height - m.bottom + 16}" text-anchor="middle">${t}</text>`,
    );
  }
  for (const t of ticks(yMin, yMax, 5)) {
    out.push(
      `<line x1="${m.left}" y1="${num(py(t))}" x2="${width - m.right}" y2="${num(py(t))}" stroke="#eee"/>`,
      `<text x="${m.left - 6}" y="${num(py(t) + 4)}" text-anchor="end">${Math.round(t * 1000) / 10} %</text>`,
    );
  }
  out.push(
    `<line x1="${m.left}" y1="${height - m.bottom}" x2="${width - m.right}" y2="${height - m.bottom}" stroke="black"/>`,
    `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${height - m.bottom}" stroke="black"/>`,
    `<text x="${(m.left + width - m.right) / 2}" y="${height - 12}" text-anchor="middle">${esc(options.xLabel)}</text>`,
    `<text transform="translate(16 ${(m.top + height - m.bottom) / 2}) rotate(-90)" text-anchor="middle">${esc(options.yLabel)}</text>`,
  );
  for (const g of guides) {
    out.push(
      `<line x1="${m.left}" y1="${num(py(g.y))}" x2="${width - m.right}" y2="${num(py(g.y))}" stroke="#888" stroke-dasharray="2 3"/>`,
      `<text x="${width - m.right - 4}" y="${num(py(g.y) - 4)}" text-anchor="end" fill="#555">${esc(g.label)}</text>`,
    );
  }
  series.forEach((s, i) => {
    const pts = s.points.map((p) => `${num(px(p.x))},${num(py(p.y))}`).join(' ');
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    out.push(
      `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="1.8"${dash}/>`,
    );
    const ly = m.top + 8 + i * 18;
    const lx = width - m.right + 12;
    out.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 30}" y="${ly + 4}">${esc(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
