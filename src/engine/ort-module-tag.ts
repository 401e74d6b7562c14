// Which engine workers share one compiled ONNX Runtime module.
//
// V8 keeps one compiled module for all workers of a process that load the same
// bytes, and with it how often each function has run. Two ORT functions are
// huge (1.2 and 1.6 MB of code) and run once per worker at start-up; when the
// third worker starts on the same module, V8 optimises them: 77 s of compiling
// and up to 2 GB more renderer memory (seen with
// `--js-flags=--trace-wasm-compilation-times`, Chromium 156). A module of its
// own per worker avoids that but costs every new worker a fresh compile
// (up to ~+270 MB for ~10 s in the README's recycling bench). So two workers
// share a module (a long run's one recycle costs nothing), then the next two
// get new bytes: a custom section carrying a random tag (see ort-wasm-binary.ts).
// The page hands the tags out (engine-client/module-tags.ts) in worker names.

export const WORKERS_PER_MODULE = 2;
const NAME_PREFIX = 'prelabel-engine';

/** A fresh tag: new bytes, so a new compiled module. */
export function randomTag(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
}

/** The engine worker's name carries its module tag (the worker reads `self.name`). */
export function engineWorkerName(tag: string): string {
  return `${NAME_PREFIX} ${tag}`;
}

/** The tag in a worker name; a random one when the name has none (tests, other hosts). */
export function tagOfWorkerName(name: string | undefined): string {
  const match = name?.startsWith(`${NAME_PREFIX} `) ? name.slice(NAME_PREFIX.length + 1) : '';
  return match || randomTag();
}
