import { setOwn } from '../tasks/set-own';

// The one grammar for the data key after `$` in a config's `value="$…"`, used
// both to read task data and to build it (dropped media, TXT task lists).
//
// Label Studio's editor (label-studio web/libs/editor/src/utils/data.js,
// `parseValue`) takes the variable with `/\$[\w[\].{}]+/` and reads it with
// lodash `get(task.data, path)`. So a key is word characters separated by `.`,
// with `[0]` indices and `[key]` brackets; lodash also reads `["b.c"]` and
// `['b.c']` quoted keys, and a key that exists verbatim (`{"a.b": 1}`) wins over
// the path. This module follows lodash's reading for all of these.

/** One step of a data path: an object key or an array index. */
export type DataPathStep = { key: string; index: boolean };

/**
 * Parses `a.b`, `arr[0]`, `a[key]`, `a.b[2].c`, `a["key with.dot"]` into steps.
 * Undefined when malformed.
 */
export function parseDataPath(path: string): DataPathStep[] | undefined {
  const steps: DataPathStep[] = [];
  const re = /([^.[\]"']+)|\[(\d+)\]|\[([^.[\]"']+)\]|\[(["'])(.*?)\4\]|(\.)/gy;
  let expectSegment = true;
  let m: RegExpExecArray | null;
  while (re.lastIndex < path.length && (m = re.exec(path)) !== null) {
    if (m[6] !== undefined) {
      if (expectSegment) return undefined;
      expectSegment = true;
    } else if (m[1] !== undefined) {
      if (!expectSegment) return undefined;
      steps.push({ key: m[1], index: false });
      expectSegment = false;
    } else if (m[2] !== undefined) {
      steps.push({ key: m[2], index: true });
      expectSegment = false;
    } else {
      steps.push({ key: m[3] ?? m[5] ?? '', index: false });
      expectSegment = false;
    }
  }
  if (re.lastIndex < path.length || expectSegment || steps.length === 0) return undefined;
  return steps;
}

/** The keys of a data path (see parseDataPath), or undefined when malformed. */
export function splitDataPath(path: string): string[] | undefined {
  return parseDataPath(path)?.map((step) => step.key);
}

/**
 * The value at a config data key in a task's data, or undefined. A key that
 * exists verbatim (`{"a.b": 1}`) wins over the path, as with lodash `get`.
 */
export function readDataPath(data: Record<string, unknown>, dataKey: string): unknown {
  if (Object.hasOwn(data, dataKey)) return data[dataKey];
  const parts = splitDataPath(dataKey);
  if (!parts) return undefined;
  let cur: unknown = data;
  for (const part of parts) {
    // Own properties only: `constructor` or `__proto__` must not reach prototypes.
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * Builds task data holding `value` at a config data path, so that
 * `readDataPath(dataAtPath(path, v), path)` is `v` for every path. Index steps
 * below the root make arrays; a path that does not parse is kept as one key.
 */
export function dataAtPath(path: string, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const steps = parseDataPath(path);
  if (!steps) {
    setOwn(root, path, value);
    return root;
  }
  let holder: object = root;
  for (let k = 0; k < steps.length - 1; k++) {
    const child = arrayIndex(steps[k + 1]!) !== undefined ? [] : {};
    setOwn(holder, stepKey(steps[k]!, holder), child);
    holder = child;
  }
  setOwn(holder, stepKey(steps[steps.length - 1]!, holder), value);
  return root;
}

// Arrays only for plain small indices: `[01]` reads key "01", and a huge index
// would make a huge sparse array in the exported JSON.
const MAX_BUILT_INDEX = 10_000;

function arrayIndex(step: DataPathStep): number | undefined {
  if (!step.index || !/^(0|[1-9]\d*)$/.test(step.key)) return undefined;
  const n = Number(step.key);
  return n <= MAX_BUILT_INDEX ? n : undefined;
}

function stepKey(step: DataPathStep, holder: object): string | number {
  return Array.isArray(holder) ? (arrayIndex(step) ?? step.key) : step.key;
}

/**
 * A copy of `data` with the value at `path` replaced (objects and arrays along
 * the path are copied, the rest is shared). The value is written where
 * readDataPath finds it; when nothing is there yet, as dataAtPath builds it.
 */
export function withValueAtPath(
  data: Record<string, unknown>,
  path: string,
  value: unknown,
): Record<string, unknown> {
  const copy = { ...data };
  if (Object.hasOwn(data, path)) {
    setOwn(copy, path, value);
    return copy;
  }
  const steps = parseDataPath(path);
  if (!steps) {
    setOwn(copy, path, value);
    return copy;
  }
  let source: unknown = data;
  let holder: object = copy;
  for (let k = 0; k < steps.length; k++) {
    const key = stepKey(steps[k]!, holder);
    if (k === steps.length - 1) {
      setOwn(holder, key, value);
      break;
    }
    const existing =
      source !== null && typeof source === 'object' && Object.hasOwn(source, key)
        ? (source as Record<string, unknown>)[key]
        : undefined;
    const child: object =
      existing !== null && typeof existing === 'object'
        ? Array.isArray(existing)
          ? [...(existing as unknown[])]
          : { ...existing }
        : arrayIndex(steps[k + 1]!) !== undefined
          ? []
          : {};
    setOwn(holder, key, child);
    source = existing;
    holder = child;
  }
  return copy;
}
