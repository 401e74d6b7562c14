import type { ModelManifest } from '../types';
import { COCO80_CLASS_NAMES } from './coco80';
import type { ModelIO } from './model-io';

/**
 * What a family offers for a dropped .onnx that comes without a manifest:
 * recognising its layout and building a manifest for it. Kept next to each
 * family so adding a family only adds a file and a registry line.
 */
export interface BareModelSupport {
  familyId: string;
  /** The layout this family accepts, for "expected …" in error messages. */
  expects: string;
  /** A short reason when the model looks like this family, else null. */
  recognise(io: ModelIO, metadata: Record<string, string>): string | null;
  manifest(io: ModelIO, metadata: Record<string, string>, fileName: string): ModelManifest;
}

/** "models/YOLOv8n int8.onnx" → "yolov8n-int8". */
export function idFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base.replace(/\.onnx$/i, '');
  const id = stem
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return id || 'model';
}

/** COCO names for an 80-class model, else "class0", "class1", …. */
export function defaultClassNames(count: number): string[] {
  if (count === COCO80_CLASS_NAMES.length) return [...COCO80_CLASS_NAMES];
  return Array.from({ length: count }, (_, i) => `class${i}`);
}
