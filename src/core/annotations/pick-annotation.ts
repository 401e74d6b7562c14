// Which annotation of a task to learn from (Label Studio's own rule for
// training): cancelled ones (`was_cancelled`: skipped tasks) never; the
// ground-truth one if any, else the newest (updated_at, else created_at, else
// the later id / later in the list).

export type RawAnnotation = Record<string, unknown>;

const isObject = (v: unknown): v is RawAnnotation =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function timeOf(a: RawAnnotation): number {
  for (const key of ['updated_at', 'created_at']) {
    const v = a[key];
    if (typeof v === 'string') {
      const t = Date.parse(v);
      if (Number.isFinite(t)) return t;
    }
  }
  return -Infinity;
}

const idOf = (a: RawAnnotation) => (typeof a.id === 'number' ? a.id : -Infinity);

/** The annotations that count: objects not cancelled. */
export function liveAnnotations(list: readonly unknown[]): RawAnnotation[] {
  return list.filter(isObject).filter((a) => a.was_cancelled !== true);
}

export function pickAnnotation(live: readonly RawAnnotation[]): RawAnnotation | undefined {
  const truth = live.filter((a) => a.ground_truth === true);
  const pool = truth.length ? truth : live;
  let best: RawAnnotation | undefined;
  for (const a of pool) {
    if (
      !best ||
      timeOf(a) > timeOf(best) ||
      (timeOf(a) === timeOf(best) && idOf(a) >= idOf(best))
    ) {
      best = a;
    }
  }
  return best;
}
