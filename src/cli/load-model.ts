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
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as ModelManifest;
    return { modelPath: join(dir, manifest.file), dir, manifest };
  }
  if (!existsSync(spec)) {
    throw new Error(
      `--model ${spec}: no such file, folder or built-in model (see \`prelabel models\`)`,
    );
  }
  return { modelPath: spec };
}
