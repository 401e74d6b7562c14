import type { TensorData } from '../types';
import { ModelLayoutError } from '../shared/errors';
import type { Dims } from '../shared/model-io';
import { formatDims, gridCells, staticDim } from '../shared/model-io';

export interface NanodetLevel {
  stride: number;
  gridW: number;
  cells: number;
  classOutput: string;
  boxOutput: string;
}

/** [N,C] or [1,N,C] → [N,C]; undefined for anything else. */
export function rowsCols(dims: Dims): [number, number] | undefined {
  const d = dims.length === 3 && staticDim(dims[0]) === 1 ? dims.slice(1) : dims;
  if (d.length !== 2) return undefined;
  const [rows, cols] = d.map(staticDim);
  return rows === undefined || cols === undefined ? undefined : [rows, cols];
}

/**
 * Pairs outputs per stride BY SHAPE, because exported names may not match
 * what they hold (the test model's "bbox_pred0" is a class map). A level
 * with N cells has one [N,classes] and one [N,4·(regMax+1)] output. When the
 * class count equals the bin count, the first of the two is taken as classes.
 */
export function pickLevels(
  shapes: readonly { name: string; dims: Dims }[],
  width: number,
  height: number,
  strides: readonly number[],
  regMax: number,
  classCount: number,
): NanodetLevel[] {
  const bins = 4 * (regMax + 1);
  const cells = gridCells(width, height, strides);
  const used = new Set<string>();
  return strides.map((stride, l) => {
    const n = cells[l] as number;
    const sameRows = shapes.filter((s) => !used.has(s.name) && rowsCols(s.dims)?.[0] === n);
    const isClass = (s: { dims: Dims }) => {
      const cols = rowsCols(s.dims)?.[1];
      return classCount > 0 ? cols === classCount : cols !== bins;
    };
    const cls = sameRows.find(isClass);
    const box = sameRows.find((s) => s !== cls && rowsCols(s.dims)?.[1] === bins);
    if (!cls || !box) {
      const found = shapes.map((s) => `${s.name} ${formatDims(s.dims)}`).join(', ');
      throw new ModelLayoutError(
        `outputs are ${found}`,
        `for stride ${stride} one [${n},${classCount > 0 ? classCount : 'classes'}] class map and one ` +
          `[${n},${bins}] box distribution (NanoDet, ${width}×${height} input)`,
      );
    }
    used.add(cls.name);
    used.add(box.name);
    return {
      stride,
      gridW: Math.ceil(width / stride),
      cells: n,
      classOutput: cls.name,
      boxOutput: box.name,
    };
  });
}

/** Names and dims of runtime outputs, for pickLevels. */
export function outputShapes(outputs: Record<string, TensorData>): { name: string; dims: Dims }[] {
  return Object.entries(outputs).map(([name, t]) => ({ name, dims: t.dims }));
}
