/**
 * Splits a task data path as Label Studio writes it after `$`:
 * `a.b`, `arr[0]`, `a.b[2].c`, `a["key with.dot"]`. Undefined when malformed.
 */
export function splitDataPath(path: string): string[] | undefined {
  const parts: string[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[(["'])(.*?)\3\]|(\.)/gy;
  let expectSegment = true;
  let m: RegExpExecArray | null;
  while (re.lastIndex < path.length && (m = re.exec(path)) !== null) {
    if (m[5] !== undefined) {
      if (expectSegment) return undefined;
      expectSegment = true;
    } else if (m[1] !== undefined) {
      if (!expectSegment) return undefined;
      parts.push(m[1]);
      expectSegment = false;
    } else {
      parts.push(m[2] ?? m[4] ?? '');
      expectSegment = false;
    }
  }
  if (re.lastIndex < path.length || expectSegment || parts.length === 0) return undefined;
  return parts;
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
