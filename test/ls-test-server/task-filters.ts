// The Data Manager filter of GET /api/tasks/?query={"filters": …} as Label
// Studio applies it, for the one field the watch asks about: tasks:updated_at.
// Label Studio reads `query` in label_studio/data_manager/functions.py
// (get_prepare_params) and applies it in label_studio/data_manager/managers.py
// (apply_filters; cast_value parses a Datetime with '%Y-%m-%dT%H:%M:%S.%fZ',
// operators greater → __gt, greater_or_equal → __gte, less → __lt, less_or_equal → __lte).
import type { StoredTask } from './types';

/** LS's DATETIME_FORMAT for strptime: %f takes 1 to 6 digits. */
const DATETIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{1,6})Z$/;

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  greater: (a, b) => a > b,
  greater_or_equal: (a, b) => a >= b,
  less: (a, b) => a < b,
  less_or_equal: (a, b) => a <= b,
};

/** Microseconds since the epoch (LS keeps microseconds; JS dates only milliseconds). */
function micros(text: string): number | null {
  const m = DATETIME.exec(text);
  if (!m) return null;
  const seconds = Date.parse(`${m[1]}Z`);
  return Number.isNaN(seconds) ? null : seconds * 1000 + Number(m[2]!.padEnd(6, '0'));
}

/** The tasks the query keeps, or the error Label Studio would answer. */
export function filterTasks(
  tasks: StoredTask[],
  query: string | null,
): { tasks: StoredTask[] } | { status: number; detail: string } {
  if (query === null) return { tasks };
  let parsed: unknown;
  try {
    parsed = JSON.parse(query);
  } catch {
    return { status: 500, detail: 'query is not JSON' };
  }
  const filters = (parsed as { filters?: { conjunction?: string; items?: unknown[] } }).filters;
  const items = filters?.items ?? [];
  if (items.length === 0) return { tasks };
  if (filters?.conjunction !== 'and' && items.length > 1) {
    return { status: 400, detail: 'only "and" filters are served by the test server' };
  }
  let kept = tasks;
  for (const raw of items) {
    const item = raw as { filter?: unknown; operator?: unknown; type?: unknown; value?: unknown };
    if (item.filter !== 'filter:tasks:updated_at' || item.type !== 'Datetime') {
      return {
        status: 400,
        detail: `filter ${String(item.filter)} is not served by the test server`,
      };
    }
    const compare = COMPARE[String(item.operator)];
    if (!compare) return { status: 400, detail: `operator ${String(item.operator)} is not served` };
    // strptime raises ValueError on another format: Label Studio answers 500.
    const value = typeof item.value === 'string' ? micros(item.value) : null;
    if (value === null) {
      return {
        status: 500,
        detail: `time data ${JSON.stringify(item.value)} does not match format`,
      };
    }
    kept = kept.filter((t) => {
      const at = micros(t.updated_at);
      return at !== null && compare(at, value);
    });
  }
  return { tasks: kept };
}
