import { setOwn } from './set-own';

/**
 * Builds task data holding `value` at a config data path: `image`, `a.b` or
 * `arr[0]` (Label Studio reads `$a.b` like a JavaScript property path).
 */
export function dataAtPath(path: string, value: unknown): Record<string, unknown> {
  const keys: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    keys.push(match[2] !== undefined ? Number(match[2]) : (match[1] ?? ''));
  }
  const first = keys[0];
  const root: Record<string, unknown> = {};
  if (keys.length === 0 || typeof first === 'number') {
    setOwn(root, path, value);
    return root;
  }
  let holder: object = root;
  for (let k = 0; k < keys.length - 1; k++) {
    const child = typeof keys[k + 1] === 'number' ? [] : {};
    setOwn(holder, keys[k] as string | number, child);
    holder = child;
  }
  setOwn(holder, keys[keys.length - 1] as string | number, value);
  return root;
}
