// The learning curve's geometry: quality (cross-validated accuracy and
// macro-F1) against the annotation count of each version, scaled into an SVG
// box. Versions without an estimate (imported, or one annotation) are left
// off the lines. Pure, so it is tested without a DOM.
import type { LearnVersion } from '../../engine/learn/types';

export interface CurvePoint {
  versionId: number;
  x: number;
  y: number;
  annotations: number;
  value: number;
}

export interface CurveGeometry {
  width: number;
  height: number;
  accuracy: CurvePoint[];
  macroF1: CurvePoint[];
  /** `M x y L x y …` for each line ('' with no point). */
  accuracyPath: string;
  macroF1Path: string;
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  /** Where the axes are (the plot area). */
  plot: { left: number; right: number; top: number; bottom: number };
}

const MARGIN = { left: 36, right: 10, top: 10, bottom: 26 };

function niceStep(span: number, ticks: number): number {
  const raw = span / Math.max(1, ticks);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

function path(points: readonly CurvePoint[]): string {
  return points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`)
    .join(' ');
}

export function learningCurve(
  versions: readonly LearnVersion[],
  width = 320,
  height = 160,
): CurveGeometry {
  const plot = {
    left: MARGIN.left,
    right: width - MARGIN.right,
    top: MARGIN.top,
    bottom: height - MARGIN.bottom,
  };
  const scored = versions
    .filter((v) => v.quality.accuracy !== null || v.quality.macroF1 !== null)
    .sort((a, b) => a.annotationCount - b.annotationCount || a.id - b.id);
  const counts = scored.map((v) => v.annotationCount);
  const xMax = Math.max(1, ...counts);
  const xMin = Math.min(xMax, ...counts, 0);
  const xOf = (n: number) =>
    plot.left + ((n - xMin) / Math.max(1, xMax - xMin)) * (plot.right - plot.left);
  const yOf = (q: number) => plot.bottom - q * (plot.bottom - plot.top);
  const line = (key: 'accuracy' | 'macroF1') =>
    scored.flatMap((v) => {
      const value = v.quality[key];
      return value === null
        ? []
        : [
            {
              versionId: v.id,
              x: xOf(v.annotationCount),
              y: yOf(value),
              annotations: v.annotationCount,
              value,
            },
          ];
    });
  const accuracy = line('accuracy');
  const macroF1 = line('macroF1');
  const step = niceStep(xMax - xMin, 4);
  const xTicks: CurveGeometry['xTicks'] = [];
  for (let n = Math.ceil(xMin / step) * step; n <= xMax; n += step) {
    xTicks.push({ x: xOf(n), label: String(n) });
  }
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((q) => ({ y: yOf(q), label: `${q * 100} %` }));
  return {
    width,
    height,
    accuracy,
    macroF1,
    accuracyPath: path(accuracy),
    macroF1Path: path(macroF1),
    xTicks,
    yTicks,
    plot,
  };
}
