// --model FILE.onnx | DIR (with manifest.json) | built-in id → its files and manifest.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_EXPECTED } from '../models/registry';
import type { ModelManifest } from '../models/types';

export const BUILTIN_DIR = fileURLToPath(new URL('../../public/models/', import.meta.url));

export interface ModelFiles {
  /** The main .onnx file. */
  modelPath: string;
  /** Folder of a model package (its manifest names the other files). */
  dir?: string;
  manifest?: ModelManifest;
}

/** A folder, or the folder of a packaged built-in (`ppocr-v4`, `silero-vad`). */
export async function packageDir(spec: string): Promise<string | undefined> {
  if (existsSync(spec) && (await stat(spec)).isDirectory()) return spec;
  const builtin = join(BUILTIN_DIR, spec);
  if (!spec.includes('/') && existsSync(join(builtin, 'manifest.json'))) return builtin;
  return undefined;
}

/** A package's manifest.json; a broken one is reported by its path, not as a bare JSON error. */
async function readManifest(path: string): Promise<ModelManifest> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const file = (json as { file?: unknown } | null)?.file;
  if (typeof file !== 'string' || file === '') {
    throw new Error(`${path}: "file" must name the package's .onnx file`);
  }
  return json as ModelManifest;
}

export async function resolveModelFiles(spec: string): Promise<ModelFiles> {
  const dir = await packageDir(spec);
  if (dir) {
    const manifestPath = join(dir, 'manifest.json');
    if (!existsSync(manifestPath)) {
      throw new Error(
        `--model ${spec}: no model family recognises this folder: an image model package needs its manifest.json, ` +
          `and no text or audio family finds its files (expected ${PACKAGE_EXPECTED})`,
      );
    }
    const manifest = await readManifest(manifestPath);
    return { modelPath: join(dir, manifest.file), dir, manifest };
  }
  if (!existsSync(spec)) {
    throw new Error(
      `--model ${spec}: no such file, folder or built-in model (see \`prelabel models\`)`,
    );
  }
  return { modelPath: spec };
}
