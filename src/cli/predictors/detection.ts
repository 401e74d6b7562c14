// Box detectors (Ultralytics, YOLOX, NanoDet …) → rectangle results.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { controlsForKind, findObject } from '../../core/config';
import type { ControlTag, LabelingConfig } from '../../core/config/types';
import { autoMapLabels, parseMappingSpec } from '../../core/mapping';
import { buildBoxPrediction, modelBytesHash, modelVersionOf } from '../../core/predict';
import { parseLabelsFile } from '../../engine/labels-file';
import { getFamily } from '../../models/registry';
import { resolveBareManifest } from '../../models/resolve-manifest';
import { inspectModelIO } from '../../models/shared/model-io';
import { readOnnxMetadata } from '../../models/shared/onnx-metadata';
import type { BoxCandidate, DecodeOptions } from '../../models/types';
import type { ModelFiles } from '../load-model';
import { openSession } from '../ort-session';
import type { PredictArgs } from '../predict-args';
import { UsageError } from '../predict-args';
import type { Predictor } from './types';

function pickTarget(config: LabelingConfig, name: string | undefined): ControlTag {
  const candidates = controlsForKind(config, 'rectangle').filter((c) =>
    c.toName.some((o) => findObject(config, o)?.tag === 'Image'),
  );
  const chosen = name ? candidates.find((c) => c.name === name) : candidates[0];
  if (chosen) return chosen;
  throw new UsageError(
    name
      ? `--target ${name}: no <RectangleLabels>/<Rectangle> of that name on an <Image> (have: ${candidates.map((c) => c.name).join(', ') || 'none'})`
      : 'the labeling config has no <RectangleLabels> or <Rectangle> on an <Image>, so boxes have nowhere to go',
  );
}

export async function createDetectionPredictor(
  files: ModelFiles,
  config: LabelingConfig,
  args: PredictArgs,
): Promise<Predictor> {
  const control = pickTarget(config, args.target);
  const toName = control.toName.find((o) => findObject(config, o)?.tag === 'Image')!;
  const bytes = new Uint8Array(await readFile(files.modelPath));
  const fileName = basename(files.modelPath);
  let metadata: Record<string, string>;
  try {
    metadata = readOnnxMetadata(bytes);
  } catch (error) {
    throw new Error(`${fileName} is not an ONNX model: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const session = await openSession(bytes, args.backend).catch((error: unknown) => {
    throw new Error(`${fileName} could not be loaded by onnxruntime: ${(error as Error).message}`, {
      cause: error,
    });
  });
  const labels = args.labels
    ? parseLabelsFile(basename(args.labels), await readFile(args.labels, 'utf8'))
    : undefined;
  let manifest = files.manifest;
  if (!manifest) {
    manifest = resolveBareManifest(
      inspectModelIO(session),
      metadata,
      fileName,
      args.family,
      labels,
    );
  } else if (labels) {
    manifest = { ...manifest, classNames: labels };
  }
  const family = getFamily(manifest.family);
  const options: DecodeOptions = {
    ...manifest.defaults,
    confidence: args.conf ?? manifest.defaults.confidence,
    iou: args.iou ?? manifest.defaults.iou,
    maxDetections: args.maxDet ?? manifest.defaults.maxDetections,
  };
  const mapping = {
    ...autoMapLabels(manifest.classNames, control).mapping,
    ...(args.map ? parseMappingSpec(args.map) : {}),
  };
  const modelVersion =
    args.modelVersion ??
    (await modelVersionOf(manifest.name, await modelBytesHash(bytes), { mapping, ...options }));
  const inputName = session.inputNames[0] ?? 'images';
  const target = { fromName: control.name, toName, hasLabels: control.labels.length > 0 };
  const classNames = manifest.classNames;
  const resolved = manifest;

  return {
    description: `${fileName} (${family.id}) → <${control.tag} name="${control.name}"> on "${toName}"`,
    modelVersion,
    imageObject: toName,
    async predict(image, task, taskIndex) {
      const { feeds, transform } = family.preprocess(image, resolved, inputName);
      const outputs = await session.run(feeds);
      const boxes = family.decode(outputs, transform, resolved, options) as BoxCandidate[];
      return buildBoxPrediction({
        boxes,
        classNames,
        mapping,
        target,
        image,
        taskIndex,
        modelVersion,
        config,
        taskData: task.data,
      });
    },
    release: () => session.release(),
  };
}
