// Image models of every vision family (boxes, masks, classes, keypoints) →
// results on the config's matching controls, through the shared buildPrediction.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { LabelingConfig } from '../../core/config/types';
import {
  candidateKindOfTask,
  parseMappingSpec,
  pickVisionTargets,
  VisionTargetError,
} from '../../core/mapping';
import type { VisionCandidate, VisionTarget } from '../../core/mapping';
import { buildPrediction, modelBytesHash, modelVersionOf } from '../../core/predict';
import { parseLabelsFile } from '../../models/shared/labels-file';
import { getFamily } from '../../models/registry';
import { resolveBareManifest } from '../../models/resolve-manifest';
import { inspectModelIO } from '../../models/shared/model-io';
import { readOnnxMetadata } from '../../models/shared/onnx-metadata';
import type { DecodeOptions, ModelManifest } from '../../models/types';
import type { ModelFiles } from '../load-model';
import type { CliSession } from '../ort-session';
import { openSession } from '../ort-session';
import type { PredictArgs } from '../predict-args';
import { UsageError } from '../predict-args';
import type { Predictor } from './types';

function chooseTargets(config: LabelingConfig, manifest: ModelManifest, args: PredictArgs) {
  const kind = candidateKindOfTask(manifest.task);
  if (!kind) throw new UsageError(`models of task "${manifest.task}" cannot label images here`);
  let targets: VisionTarget[];
  try {
    targets = pickVisionTargets(config, kind, {
      classNames: manifest.classNames,
      keypointNames: manifest.keypointNames,
    });
  } catch (error) {
    if (error instanceof VisionTargetError) throw new UsageError(error.message);
    throw error;
  }
  if (args.target) {
    const chosen = config.controls.find((c) => c.name === args.target);
    const same = targets.find((t) => t.fromName === args.target);
    if (!chosen || !same) {
      const names = targets.map((t) => t.fromName).join(', ');
      throw new UsageError(
        `--target ${args.target}: not a control that fits this model (fits: ${names})`,
      );
    }
    targets = [same];
  }
  const overrides = args.map ? parseMappingSpec(args.map) : {};
  return targets.map((t) =>
    t.kind === 'keypoint' ? t : { ...t, mapping: { ...t.mapping, ...overrides } },
  );
}

async function openModel(files: ModelFiles, args: PredictArgs) {
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
  const session: CliSession = await openSession(bytes, args.backend).catch((error: unknown) => {
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
  return { bytes, fileName, session, manifest };
}

export async function createImagePredictor(
  files: ModelFiles,
  config: LabelingConfig,
  args: PredictArgs,
): Promise<Predictor> {
  const { bytes, fileName, session, manifest } = await openModel(files, args);
  const family = getFamily(manifest.family);
  const targets = chooseTargets(config, manifest, args);
  const options: DecodeOptions = {
    ...manifest.defaults,
    confidence: args.conf ?? manifest.defaults.confidence,
    iou: args.iou ?? manifest.defaults.iou,
    maxDetections: args.maxDet ?? manifest.defaults.maxDetections,
  };
  const modelVersion =
    args.modelVersion ??
    (await modelVersionOf(manifest.name, await modelBytesHash(bytes), {
      mappings: targets.map((t) => [t.fromName, t.mapping]),
      ...options,
    }));
  const inputName = session.inputNames[0] ?? 'images';
  const toName = targets[0]!.toName;
  const targetText = targets.map((t) => `"${t.fromName}" (${t.kind})`).join(' + ');

  return {
    description: `${fileName} (${family.id}) → ${targetText} on "${toName}"`,
    classNames: manifest.classNames,
    modelVersion,
    imageObject: toName,
    async predict(image, task, taskIndex) {
      const { feeds, transform } = family.preprocess(image, manifest, inputName);
      const outputs = await session.run(feeds);
      const candidates = family.decode(outputs, transform, manifest, options) as VisionCandidate[];
      return buildPrediction({
        candidates,
        classNames: manifest.classNames,
        keypointNames: manifest.keypointNames,
        targets,
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
