// The channel-first Ultralytics head [1, 4+nc+extra, N] that segment, pose and
// obb models share: rows cx,cy,w,h (input px), nc class scores (sigmoid
// applied, no objectness), then per-task rows (mask coefficients, keypoints,
// angle). Exported for the pose and obb families.
import type { TensorData } from '../types';
import type { HeadView } from '../shared/anchor-scan';
import { ModelLayoutError } from '../shared/errors';
import { formatDims } from '../shared/model-io';
import { floatData } from '../shared/tensor';

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

export { scanAnchors } from '../shared/anchor-scan';
export type { AnchorHit, HeadView } from '../shared/anchor-scan';
