// JSON files that are never half-written: write a temp file next to the
// target, then rename over it (atomic on one file system). Writes to one path
// go one after another so an older state never lands after a newer one.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

const chains = new Map<string, Promise<void>>();
let counter = 0;

export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const text = JSON.stringify(value);
  const previous = chains.get(path) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () => {
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${process.pid}.${++counter}.tmp`;
      // 0600: project files hold the Label Studio token.
      await writeFile(temp, text, { mode: 0o600 });
      await rename(temp, path);
    });
  chains.set(path, next);
  void next.finally(() => {
    if (chains.get(path) === next) chains.delete(path);
  });
  return next;
}

/** The parsed file, or undefined when it does not exist. */
export async function readJsonFile<T>(path: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/** Waits for every pending write (shutdown, tests). */
export async function flushWrites(): Promise<void> {
  await Promise.allSettled([...chains.values()]);
}

export async function removeTree(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}
