import type { ModelManifest } from '../types';
import { idFromFileName } from '../shared/bare-model';
import type { Dims } from '../shared/model-io';
import { staticDim } from '../shared/model-io';
import { parsePythonDictLiteral, parsePythonLiteral } from '../shared/python-literal';
import type { PyValue } from '../shared/python-literal';
import type { UltralyticsDecodeSettings } from './meta';
import { ULTRALYTICS_DEFAULTS, ULTRALYTICS_FAMILY_ID, ultralyticsPreprocess } from './meta';

const TASKS: readonly ModelManifest['task'][] = [
  'detect',
  'segment',
  'classify',
  'pose',
  'obb',
  'ocr',
  'semantic',
  'text',
];

/** Ultralytics exports always write `names` and `task`; `author` since 8.1. */
export function isUltralyticsMetadata(meta: Record<string, string>): boolean {
  return (
    /ultralytics/i.test(meta.author ?? '') || (meta.names !== undefined && meta.task !== undefined)
  );
}

/** `{0: 'person', 1: 'bicycle'}` → ['person', 'bicycle']; gaps become "classN". */
export function classNamesFromMetadata(names: string | undefined): string[] {
  if (names === undefined) return [];
  const dict = parsePythonDictLiteral(names);
  const entries = Object.entries(dict)
    .map(([k, v]) => [Number(k), v] as const)
    .filter(([k]) => Number.isInteger(k) && k >= 0);
  const count = entries.reduce((m, [k]) => Math.max(m, k + 1), 0);
  const out = Array.from({ length: count }, (_, i) => `class${i}`);
  for (const [k, v] of entries) out[k] = String(v);
  return out;
}

/** `imgsz` is "[640, 640]" (h, w) or "640". */
function imageSizeFromMetadata(imgsz: string | undefined): [number, number] | undefined {
  if (imgsz === undefined) return undefined;
  try {
    const v = parsePythonLiteral(imgsz);
    if (typeof v === 'number') return [v, v];
    if (Array.isArray(v) && typeof v[0] === 'number') {
      return [v[0], typeof v[1] === 'number' ? v[1] : v[0]];
    }
  } catch {
    // Unreadable size: fall back to the input shape or 640.
  }
  return undefined;
}

/** Exports with `nms=True` put an NMS-free [1,300,6] head in the graph too. */
function exportedWithNms(args: string | undefined): boolean {
  if (args === undefined) return false;
  try {
    const dict: Record<string, PyValue> = parsePythonDictLiteral(args);
    return dict.nms === true;
  } catch {
    return false;
  }
}

/**
 * The manifest of a bare Ultralytics .onnx, from the metadata its exporter
 * embeds (names, task, imgsz, stride, end2end) and the input shape, so a
 * dropped file needs no manifest.
 */
export function manifestFromOnnxMetadata(
  meta: Record<string, string>,
  inputDims: Dims,
  fileName: string,
): ModelManifest {
  const nhwc =
    inputDims.length === 4 && staticDim(inputDims[3]) === 3 && staticDim(inputDims[1]) !== 3;
  const [hAxis, wAxis] = nhwc ? [1, 2] : [2, 3];
  const fromMeta = imageSizeFromMetadata(meta.imgsz);
  const height = staticDim(inputDims[hAxis]) ?? fromMeta?.[0] ?? 640;
  const width = staticDim(inputDims[wAxis]) ?? fromMeta?.[1] ?? 640;
  const task = TASKS.find((t) => t === meta.task) ?? 'detect';
  const stride = Number(meta.stride);
  const end2end = meta.end2end === 'True' || exportedWithNms(meta.args);
  // Other layouts (detect vs yolov5) are told apart by the output shape at decode time.
  const decode: UltralyticsDecodeSettings = end2end ? { layout: 'end2end', end2end } : { end2end };
  if (Number.isFinite(stride) && stride > 0) decode.stride = stride;
  const id = idFromFileName(fileName);
  return {
    id,
    name: id,
    family: ULTRALYTICS_FAMILY_ID,
    task,
    file: fileName,
    classNames: classNamesFromMetadata(meta.names),
    preprocess: ultralyticsPreprocess(width, height, nhwc ? 'NHWC' : 'NCHW'),
    decode: { ...decode },
    defaults: { ...ULTRALYTICS_DEFAULTS },
    ...(meta.license ? { license: meta.license } : {}),
    ...(meta.version ? { source: `Ultralytics ${meta.version} export` } : {}),
  };
}

/** The Ultralytics task named in the metadata, or undefined when not an Ultralytics export. */
export function ultralyticsTaskOf(metadata: Record<string, string>): string | undefined {
  return isUltralyticsMetadata(metadata) ? (metadata.task ?? 'detect') : undefined;
}
