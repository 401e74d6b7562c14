// A dropped text model folder as the predictor's PackageSource: its file list
// and small JSON descriptors for the registry (a lone .json, a head file,
// whole), and a reader over the Files.
import type { PackageSource } from '../models/predictor';
import { zipPackageSource } from '../models/predictor/package-zip';
import type { SourceFile } from './api';

/** The descriptors a family may read to recognise a folder (as node-package.ts). */
const DESCRIPTORS = ['manifest.json', 'config.json'];

export async function packageSourceOf(name: string, files: SourceFile[]): Promise<PackageSource> {
  // A zipped folder (an audio head exported by Online learning): the folder it holds.
  const only = files.length === 1 ? files[0] : undefined;
  if (only && only.path.toLowerCase().endsWith('.zip')) {
    return zipPackageSource(only.file.name, new Uint8Array(await only.file.arrayBuffer()));
  }
  const byPath = new Map(files.map((f) => [f.path, f.file]));
  const fileOf = (path: string): File => {
    const file = byPath.get(path);
    if (!file) throw new Error(`${path} is missing from the dropped folder`);
    return file;
  };
  const json: Record<string, unknown> = {};
  // A lone .json is a head file from `prelabel train` (or the app's online learning).
  const lone = byPath.size === 1 && [...byPath.keys()][0]?.endsWith('.json');
  const descriptors = lone ? [...byPath.keys()] : DESCRIPTORS.filter((n) => byPath.has(n));
  for (const d of descriptors) {
    try {
      json[d] = JSON.parse(await fileOf(d).text());
    } catch (error) {
      throw new Error(`${d} is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
  }
  return {
    name,
    listing: { files: [...byPath.keys()].sort(), json },
    read: {
      bytes: async (path) => new Uint8Array(await fileOf(path).arrayBuffer()),
      text: (path) => fileOf(path).text(),
    },
  };
}
