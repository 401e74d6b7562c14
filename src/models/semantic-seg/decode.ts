import type { DecodeOptions, LetterboxTransform, MaskCandidate, TensorData } from '../types';
import { classThreshold } from '../shared/candidates';
import type { ClassMap } from './class-map';
import { argmaxClassMap } from './class-map';
import type { SemanticDecodeSettings } from './meta';

interface ClassStats {
  area: number;
  probability: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function statsPerClass(map: ClassMap): Map<number, ClassStats> {
  const stats = new Map<number, ClassStats>();
  for (let y = map.y0; y < map.y1; y++) {
    for (let x = map.x0; x < map.x1; x++) {
      const i = y * map.width + x;
      const c = map.classes[i] as number;
      let s = stats.get(c);
      if (!s) {
        s = { area: 0, probability: 0, minX: x, minY: y, maxX: x, maxY: y };
        stats.set(c, s);
      }
      s.area++;
      s.probability += map.probability[i] as number;
      if (x < s.minX) s.minX = x;
      if (x > s.maxX) s.maxX = x;
      if (y < s.minY) s.minY = y;
      if (y > s.maxY) s.maxY = y;
    }
  }
  return stats;
}

/**
 * Per-pixel class scores → one MaskCandidate per class present (background
 * dropped), each mask cropped to the class's bounding cells at output
 * resolution and placed in original pixels. Score = mean probability of the
 * class over its pixels; classes under the confidence threshold or the
 * minimum area are dropped; largest score first, at most maxDetections.
 */
export function decodeSemantic(
  tensor: TensorData,
  name: string,
  classCount: number,
  settings: SemanticDecodeSettings,
  input: { width: number; height: number },
  t: LetterboxTransform,
  options: DecodeOptions,
): MaskCandidate[] {
  const map = argmaxClassMap(tensor, name, classCount, input, t, settings.layout);
  const covered = (map.x1 - map.x0) * (map.y1 - map.y0);
  const minArea = Math.max(1, settings.minAreaFraction * covered);
  // Output cell → original pixels, clamped to the image.
  const toX = (cell: number) =>
    Math.min(t.srcWidth, Math.max(0, ((cell * input.width) / map.width - t.padX) / t.scaleX));
  const toY = (cell: number) =>
    Math.min(t.srcHeight, Math.max(0, ((cell * input.height) / map.height - t.padY) / t.scaleY));

  const out: MaskCandidate[] = [];
  for (const [classIndex, s] of statsPerClass(map)) {
    if (classIndex < 0 || classIndex === settings.backgroundIndex || s.area < minArea) continue;
    const score = s.probability / s.area;
    if (!(score >= classThreshold(classIndex, options))) continue;
    const width = s.maxX - s.minX + 1;
    const height = s.maxY - s.minY + 1;
    const data = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      const row = (s.minY + y) * map.width + s.minX;
      for (let x = 0; x < width; x++) {
        if (map.classes[row + x] === classIndex) data[y * width + x] = 1;
      }
    }
    const x = toX(s.minX);
    const y = toY(s.minY);
    const placement = { x, y, width: toX(s.maxX + 1) - x, height: toY(s.maxY + 1) - y };
    out.push({
      kind: 'mask',
      classIndex,
      score,
      ...placement,
      mask: { width, height, data, placement },
    });
  }
  out.sort((a, b) => b.score - a.score);
  return options.maxDetections > 0 ? out.slice(0, options.maxDetections) : out;
}
