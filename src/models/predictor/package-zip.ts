// A model folder as one .zip (fflate): what the app exports for an audio head
// (the sound-class folder `prelabel train` writes), and what the CLI's
// `--model`, the app's model loader and the Learn panel's import read back.
// Runtime-neutral (Node and the worker).
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { PackageSource } from './open-package';

/** The descriptors a family may read to recognise a folder (as node-package.ts). */
const DESCRIPTORS = ['manifest.json', 'config.json'];
/** Model weights do not deflate much: stored, they zip and unzip at once. */
const STORED = /\.(onnx|bin|data)$/i;
const JUNK = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$)/i;

/** `name/` + each file, zipped (the folder is the model's name when read back). */
export function zipFolder(name: string, files: Readonly<Record<string, Uint8Array>>): Uint8Array {
  const entries: Zippable = {};
  for (const [path, bytes] of Object.entries(files)) {
    entries[`${name}/${path}`] = [bytes, { level: STORED.test(path) ? 0 : 6 }];
  }
  return zipSync(entries, { mtime: new Date('2026-01-01T00:00:00Z') });
}

/**
 * A zipped folder's files by path, without the one top folder they share
 * (when they do); `name` is that folder's name, else the zip's without `.zip`.
 */
export function unzipFolder(
  zipName: string,
  bytes: Uint8Array,
): { name: string; files: Map<string, Uint8Array> } {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new Error(`${zipName} is not a readable zip: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const paths = Object.keys(entries).filter((p) => !p.endsWith('/') && !JUNK.test(p));
  if (paths.length === 0) throw new Error(`${zipName} holds no files`);
  const tops = new Set(paths.map((p) => (p.includes('/') ? p.split('/')[0] : '')));
  const top = tops.size === 1 ? [...tops][0] : '';
  const files = new Map<string, Uint8Array>();
  for (const p of paths) files.set(top ? p.slice(top.length + 1) : p, entries[p] as Uint8Array);
  const stem = (zipName.split('/').pop() ?? zipName).replace(/\.zip$/i, '');
  return { name: top || stem, files };
}

/** A zipped model folder as the registry sees a folder. */
export function zipPackageSource(zipName: string, bytes: Uint8Array): PackageSource {
  const { name, files } = unzipFolder(zipName, bytes);
  const fileOf = (path: string): Uint8Array => {
    const file = files.get(path);
    if (!file) throw new Error(`${path} is missing from ${zipName}`);
    return file;
  };
  const json: Record<string, unknown> = {};
  for (const d of DESCRIPTORS.filter((n) => files.has(n))) {
    try {
      json[d] = JSON.parse(new TextDecoder().decode(fileOf(d)));
    } catch (error) {
      throw new Error(`${zipName}: ${d} is not valid JSON: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return {
    name,
    listing: { files: [...files.keys()].sort(), json },
    read: {
      bytes: async (path) => fileOf(path),
      text: async (path) => new TextDecoder().decode(fileOf(path)),
    },
  };
}
