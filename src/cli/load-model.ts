// --model FILE.onnx | DIR (with manifest.json) | built-in id → a ready session.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLabelsFile } from '../engine/labels-file';
import { modelBytesHash } from '../core/predict';
import { getFamily } from '../models/registry';
import { resolveBareManifest } from '../models/resolve-manifest';
import { inspectModelIO } from '../models/shared/model-io';
import { readOnnxMetadata } from '../models/shared/onnx-metadata';
import type { ModelFamily, ModelManifest } from '../models/types';
import type { CliBackend, CliSession } from './ort-session';
import { openSession } from './ort-session';

export const BUILTIN_DIR = fileURLToPath(new URL('../../public/models/', import.meta.url));

export interface CliModel {
  session: CliSession;
  manifest: ModelManifest;
  family: ModelFamily;
  bytesHash: string;
}

export interface ModelRequest {
  spec: string;
  labelsPath?: string;
  familyId?: string;
  backend: CliBackend;
}

async function manifestDir(spec: string): Promise<string | undefined> {
  if (existsSync(spec) && (await stat(spec)).isDirectory()) return spec;
  const builtin = join(BUILTIN_DIR, spec);
  if (!spec.includes('/') && existsSync(join(builtin, 'manifest.json'))) return builtin;
  return undefined;
}

export async function loadCliModel(request: ModelRequest): Promise<CliModel> {
  const dir = await manifestDir(request.spec);
  let manifest: ModelManifest | undefined;
  let modelPath = request.spec;
  if (dir) {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as ModelManifest;
    modelPath = join(dir, manifest.file);
  } else if (!existsSync(request.spec)) {
    throw new Error(
      `--model ${request.spec}: no such file, folder or built-in model (see \`prelabel models\`)`,
    );
  }
  const bytes = new Uint8Array(await readFile(modelPath));
  const fileName = basename(modelPath);
  let metadata: Record<string, string>;
  try {
    metadata = readOnnxMetadata(bytes);
  } catch (error) {
    throw new Error(`${fileName} is not an ONNX model: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const session = await openSession(bytes, request.backend).catch((error: unknown) => {
    throw new Error(`${fileName} could not be loaded by onnxruntime: ${(error as Error).message}`);
  });
  const labels = request.labelsPath
    ? parseLabelsFile(basename(request.labelsPath), await readFile(request.labelsPath, 'utf8'))
    : undefined;
  if (!manifest) {
    manifest = resolveBareManifest(
      inspectModelIO(session),
      metadata,
      fileName,
      request.familyId,
      labels,
    );
  } else if (labels) {
    manifest = { ...manifest, classNames: labels };
  }
  return {
    session,
    manifest,
    family: getFamily(manifest.family),
    bytesHash: await modelBytesHash(bytes),
  };
}
