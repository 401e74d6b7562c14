// A dropped text model folder: the files its manifest.json names (a labels
// or vocabulary .json, which the name-only sort took for task files or class
// names) join the package, and the package becomes the model source the
// worker opens (paths relative to the package folder).
import type { ModelSource, SourceFile } from '../../engine/api';
import type { ClassifiedDrop, DroppedFile } from './classify';
import { packageDirs } from './classify';

/** Every string in a JSON value that looks like a file name. */
function fileNames(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') {
    if (/^[\w./-]+\.\w+$/.test(value) && !value.includes('..')) out.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) fileNames(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) fileNames(v, out);
  }
  return out;
}

const join = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);

/** Moves the files each package's manifest.json names out of the task files and class names. */
export async function claimManifestFiles(drop: ClassifiedDrop): Promise<void> {
  for (const dir of packageDirs(drop.packages)) {
    const manifest = drop.packages.find((e) => e.path === join(dir, 'manifest.json'));
    if (!manifest) continue;
    let named: Set<string>;
    try {
      named = fileNames(JSON.parse(await manifest.file.text()), new Set());
    } catch {
      continue; // the worker says what is wrong with it
    }
    const paths = new Set([...named].map((n) => join(dir, n)));
    const take = (list: DroppedFile[]) => {
      const kept = list.filter((e) => !paths.has(e.path));
      drop.packages.push(...list.filter((e) => paths.has(e.path)));
      return kept;
    };
    drop.taskFiles = take(drop.taskFiles);
    drop.labels = take(drop.labels);
  }
}

/** The first dropped package as a model source (its folder's name names it). */
export function packageSource(packages: readonly DroppedFile[]): ModelSource | null {
  const [dir] = packageDirs(packages);
  if (dir === undefined) return null;
  const files: SourceFile[] = packages
    .filter((e) => dir === '' || e.path.startsWith(`${dir}/`))
    .map((e) => ({ file: e.file, path: dir === '' ? e.path : e.path.slice(dir.length + 1) }));
  const onnx = files.find((f) => f.path.endsWith('.onnx'));
  const name = dir.split('/').pop() || onnx?.path.replace(/\.onnx$/, '') || 'model';
  return { kind: 'package', name, files };
}
