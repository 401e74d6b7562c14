// Text and audio packages on disk, for the CLI, the server and the tests: a
// built-in id, a folder (its files and small JSON descriptors listed for the
// registry), or a lone head .json. Node-only: never import this from browser code.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import type { PackageReader } from '../types';
import { nodeRuntime, type NodeBackend } from './node-runtime';
import {
  openBuiltinPackage,
  openPackageModel,
  type OpenedPackageModel,
  type PackageOptions,
  type PackageSource,
} from './open-package';
import { zipPackageSource } from './package-zip';

/** The descriptors a family may read to recognise a folder (small JSON files). */
const DESCRIPTORS = ['manifest.json', 'config.json'];

/** Full paths of the files under `dir`, `depth` levels deep (symlinks followed). */
async function walk(dir: string, depth: number): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    // symlinks followed: the Hugging Face cache links snapshot files to blobs
    const info = entry.isSymbolicLink() ? await stat(full) : entry;
    if (info.isDirectory() && depth > 1) out.push(...(await walk(full, depth - 1)));
    else if (info.isFile()) out.push(full);
  }
  return out;
}

/** File names relative to `dir`, `/`-separated (a package's `onnx/model.onnx`). */
async function listFiles(dir: string, depth = 2): Promise<string[]> {
  return (await walk(dir, depth)).map((f) => relative(dir, f).split(sep).join('/')).sort();
}

function parseJson(name: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

function folderReader(dir: string): PackageReader {
  return {
    bytes: async (name) => new Uint8Array(await readFile(join(dir, name))),
    text: (name) => readFile(join(dir, name), 'utf8'),
  };
}

/** A folder, a zipped folder or a lone .json as the registry sees it; undefined when `path` is neither. */
export async function readPackageSource(path: string): Promise<PackageSource | undefined> {
  if (!existsSync(path)) return undefined;
  const info = await stat(path);
  if (info.isFile()) {
    // A zipped folder (an audio head the app exported): read as the folder it holds.
    if (path.toLowerCase().endsWith('.zip')) {
      return zipPackageSource(basename(path), new Uint8Array(await readFile(path)));
    }
    if (!path.endsWith('.json')) return undefined;
    const name = basename(path);
    const text = await readFile(path, 'utf8');
    return {
      name,
      listing: { files: [name], json: { [name]: parseJson(path, text) } },
      read: folderReader(join(path, '..')),
    };
  }
  if (!info.isDirectory()) return undefined;
  const files = await listFiles(path);
  const json: Record<string, unknown> = {};
  for (const name of DESCRIPTORS.filter((d) => files.includes(d))) {
    json[name] = parseJson(join(path, name), await readFile(join(path, name), 'utf8'));
  }
  return {
    name: basename(path.replace(/\/+$/, '')),
    listing: { files, json },
    read: folderReader(path),
  };
}

/**
 * `--model` as a text or audio model: a built-in id, or a folder / head file a
 * package family claims. Undefined: not one (an image model, or nothing).
 */
export async function openPackagePath(
  spec: string,
  options: PackageOptions = {},
  backend: NodeBackend = 'node',
): Promise<OpenedPackageModel | undefined> {
  const builtin = await openBuiltinPackage(spec);
  if (builtin) return builtin;
  const source = await readPackageSource(spec);
  if (!source) return undefined;
  return (await openPackageModel(source, nodeRuntime(backend), options)) ?? undefined;
}
