// Small dense-vector helpers for the diversity strategies.

export type Vector = ArrayLike<number>;

export function squaredDistance(a: Vector, b: Vector): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    s += d * d;
  }
  return s;
}
