// The channel-first Ultralytics head [1, 4+nc+extra, N] that segment, pose and
// obb models share: rows cx,cy,w,h (input px), nc class scores (sigmoid
// applied, no objectness), then per-task rows (mask coefficients, keypoints,
// angle). Exported for the pose and obb families.
import type { DecodeOptions, TensorData } from '../types';
import { classThreshold, minThreshold } from '../shared/candidates';
import { ModelLayoutError } from '../shared/errors';
import { formatDims } from '../shared/model-io';
import { floatData } from '../shared/tensor';

export interface HeadView {
  data: Float32Array;
  rows: number;
  /** Anchors (columns). */
  n: number;
}

/** Checks [1, rows, N] with rows = 4 + classCount + extraRows; returns the raw view. */
export function readHead(
  tensor: TensorData,
  name: string,
  classCount: number,
  extraRows: number,
  what: string,
): HeadView {
  const { dims } = tensor;
  const rows = dims[1] ?? 0;
  const expected = `[1,4+${classCount}+${extraRows},N] = [1,${4 + classCount + extraRows},N] (${what})`;
  if (dims.length !== 3 || dims[0] !== 1 || rows !== 4 + classCount + extraRows) {
    throw new ModelLayoutError(`output "${name}" has shape ${formatDims(dims)}`, expected);
  }
  return { data: floatData(tensor, name), rows, n: dims[2] as number };
}

export interface AnchorHit {
  anchor: number;
  classIndex: number;
  score: number;
  /** Box corners in model-input pixels. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Anchors whose best class passes its confidence threshold. */
export function scanAnchors(
  head: HeadView,
  classCount: number,
  options: DecodeOptions,
): AnchorHit[] {
  const { data: d, n } = head;
  const best = new Float32Array(n).fill(-Infinity);
  const bestClass = new Int32Array(n);
  // Class-major pass: row c is n consecutive floats.
  for (let c = 0; c < classCount; c++) {
    const base = (4 + c) * n;
    for (let i = 0; i < n; i++) {
      const v = d[base + i] as number;
      if (v > (best[i] as number)) {
        best[i] = v;
        bestClass[i] = c;
      }
    }
  }
  const floor = minThreshold(options);
  const hits: AnchorHit[] = [];
  for (let i = 0; i < n; i++) {
    const score = best[i] as number;
    if (score < floor) continue;
    const classIndex = bestClass[i] as number;
    if (score < classThreshold(classIndex, options)) continue;
    const cx = d[i] as number;
    const cy = d[n + i] as number;
    const hw = (d[2 * n + i] as number) / 2;
    const hh = (d[3 * n + i] as number) / 2;
    hits.push({ anchor: i, classIndex, score, x1: cx - hw, y1: cy - hh, x2: cx + hw, y2: cy + hh });
  }
  return hits;
}

/** The first output of the given rank, preferring Ultralytics' own name. */
export function outputOfRank(
  outputs: Record<string, TensorData>,
  rank: number,
  preferred: string,
  expected: string,
): [string, TensorData] {
  const named = outputs[preferred];
  if (named && named.dims.length === rank) return [preferred, named];
  const entry = Object.entries(outputs).find(([, t]) => t.dims.length === rank);
  if (entry) return entry;
  const found = Object.entries(outputs)
    .map(([n, t]) => `${n} ${formatDims(t.dims)}`)
    .join(', ');
  throw new ModelLayoutError(`outputs are ${found || 'none'}`, expected);
}
