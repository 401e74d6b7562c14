// Oriented boxes in the xywhr convention (centre, size, angle in radians turning
// the width axis from +x towards +y, i.e. clockwise on screen), their corners,
// and exact IoU by convex polygon clipping for rotated NMS.

export interface OrientedBox {
  cx: number;
  cy: number;
  w: number;
  h: number;
  angle: number;
}

type Pt = [number, number];

/** Corners clockwise on screen: centre + R(angle)·(∓w/2, ∓h/2). */
export function orientedCorners(b: OrientedBox): [Pt, Pt, Pt, Pt] {
  const cos = Math.cos(b.angle);
  const sin = Math.sin(b.angle);
  const at = (u: number, v: number): Pt => [b.cx + u * cos - v * sin, b.cy + u * sin + v * cos];
  const hw = b.w / 2;
  const hh = b.h / 2;
  return [at(-hw, -hh), at(hw, -hh), at(hw, hh), at(-hw, hh)];
}

function shoelace(poly: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const a = poly[i] as Pt;
    const b = poly[(i + 1) % poly.length] as Pt;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

/** Sutherland–Hodgman: the part of convex `subject` inside convex, clockwise-on-screen `clip`. */
function clipConvex(subject: readonly Pt[], clip: readonly Pt[]): Pt[] {
  let out: Pt[] = [...subject];
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    const a = clip[i] as Pt;
    const b = clip[(i + 1) % clip.length] as Pt;
    // For a ring clockwise on screen (y down) the interior is where this cross product is ≥ 0.
    const side = (p: Pt) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    const input = out;
    out = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j] as Pt;
      const q = input[(j + 1) % input.length] as Pt;
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) out.push(p);
      if (sp >= 0 !== sq >= 0) {
        const t = sp / (sp - sq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out;
}

/** Exact IoU of two oriented boxes. */
export function orientedIou(a: OrientedBox, b: OrientedBox): number {
  const areaA = a.w * a.h;
  const areaB = b.w * b.h;
  if (!(areaA > 0 && areaB > 0)) return 0;
  const inter = shoelace(clipConvex(orientedCorners(a), orientedCorners(b)));
  const union = areaA + areaB - inter;
  return union > 0 ? inter / union : 0;
}

export interface ScoredOrientedBox extends OrientedBox {
  classIndex: number;
  score: number;
}

/**
 * Greedy class-aware NMS with exact rotated IoU. Ultralytics uses probiou (a
 * Gaussian approximation of the overlap) instead: the same IoU threshold keeps
 * nearly the same boxes, but not always exactly the same ones.
 */
export function rotatedNms<T extends ScoredOrientedBox>(
  boxes: readonly T[],
  iouThreshold: number,
  maxDetections: number,
): T[] {
  const sorted = [...boxes].sort((p, q) => q.score - p.score);
  const kept: T[] = [];
  for (const box of sorted) {
    if (kept.length >= maxDetections) break;
    if (!kept.some((k) => k.classIndex === box.classIndex && orientedIou(k, box) > iouThreshold)) {
      kept.push(box);
    }
  }
  return kept;
}
