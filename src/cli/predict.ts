// `prelabel predict`: the app's pipeline on onnxruntime-node, for batches,
// scripts, and to test the browser path against.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { controlsForKind, findObject, parseLabelingConfig, readDataPath } from '../core/config';
import type { ControlTag, LabelingConfig } from '../core/config/types';
import type { ExportItem } from '../core/export';
import { autoMapLabels, parseMappingSpec } from '../core/mapping';
import type { LabelMapping } from '../core/mapping';
import { buildBoxPrediction, modelVersionOf } from '../core/predict';
import type { BoxCandidate, DecodeOptions, RgbaImage } from '../models/types';
import { loadCliModel } from './load-model';
import type { CliModel } from './load-model';
import { loadCliTasks } from './load-tasks';
import type { PredictArgs } from './predict-args';
import { UsageError } from './predict-args';
import { createProgressBar } from './progress';
import { loadTaskImage } from './task-image';
import { writeExport } from './write-output';

export interface TaskFailure {
  index: number;
  message: string;
}

export interface PredictOutcome {
  written: number;
  failures: TaskFailure[];
  unmapped: Record<string, number>;
  modelVersion: string;
}

function pickTarget(config: LabelingConfig, name: string | undefined): ControlTag {
  const candidates = controlsForKind(config, 'rectangle').filter((c) =>
    c.toName.some((o) => findObject(config, o)?.tag === 'Image'),
  );
  if (name) {
    const chosen = candidates.find((c) => c.name === name);
    if (!chosen) {
      throw new UsageError(
        `--target ${name}: no <RectangleLabels>/<Rectangle> of that name on an <Image> (have: ${candidates.map((c) => c.name).join(', ') || 'none'})`,
      );
    }
    return chosen;
  }
  const first = candidates[0];
  if (!first) {
    throw new UsageError(
      'the labeling config has no <RectangleLabels> or <Rectangle> on an <Image>, so boxes have nowhere to go',
    );
  }
  return first;
}

function decodeOptions(args: PredictArgs, model: CliModel): DecodeOptions {
  const d = model.manifest.defaults;
  return {
    ...d,
    confidence: args.conf ?? d.confidence,
    iou: args.iou ?? d.iou,
    maxDetections: args.maxDet ?? d.maxDetections,
  };
}

function buildMapping(classNames: string[], control: ControlTag, spec?: string): LabelMapping {
  const mapping = autoMapLabels(classNames, control).mapping;
  return spec ? { ...mapping, ...parseMappingSpec(spec) } : mapping;
}

async function detect(model: CliModel, image: RgbaImage, options: DecodeOptions) {
  const inputName = model.session.inputNames[0] ?? 'images';
  const { feeds, transform } = model.family.preprocess(image, model.manifest, inputName);
  const outputs = await model.session.run(feeds);
  return model.family.decode(outputs, transform, model.manifest, options) as BoxCandidate[];
}

export async function predict(args: PredictArgs, log = process.stderr): Promise<PredictOutcome> {
  const config = parseLabelingConfig(await readFile(args.config, 'utf8'));
  const control = pickTarget(config, args.target);
  const toName = control.toName.find((o) => findObject(config, o)?.tag === 'Image')!;
  const dataKey = findObject(config, toName)?.dataKey;
  const tasks = await loadCliTasks(args.tasks, config);
  for (const issue of tasks.issues) log.write(`warning: ${issue.message}\n`);

  const model = await loadCliModel({
    spec: args.model,
    labelsPath: args.labels,
    familyId: args.family,
    backend: args.backend,
  });
  const options = decodeOptions(args, model);
  const mapping = buildMapping(model.manifest.classNames, control, args.map);
  const modelVersion =
    args.modelVersion ??
    (await modelVersionOf(model.manifest.name, model.bytesHash, { mapping, ...options }));
  log.write(
    `${basename(args.model)} (${model.manifest.family}, ${args.backend}) → <${control.tag} name="${control.name}"> on "${toName}", ${tasks.tasks.length} tasks, model_version ${modelVersion}\n`,
  );

  const items: ExportItem[] = [];
  const failures: TaskFailure[] = [];
  const unmapped: Record<string, number> = {};
  const bar = createProgressBar(tasks.tasks.length, 'predict', log);
  const imageOf = (i: number) =>
    loadTaskImage(dataKey ? readDataPath(tasks.tasks[i]!.data, dataKey) : undefined, tasks);
  // Decode the next image while the current one is in the model.
  let next = tasks.tasks.length > 0 ? imageOf(0).catch((e: unknown) => e as Error) : undefined;
  for (let i = 0; i < tasks.tasks.length; i++) {
    const task = tasks.tasks[i]!;
    const current = await next;
    next =
      i + 1 < tasks.tasks.length ? imageOf(i + 1).catch((e: unknown) => e as Error) : undefined;
    try {
      if (current instanceof Error) throw current;
      if (!current) throw new Error('no image');
      const boxes = await detect(model, current, options);
      const built = buildBoxPrediction({
        boxes,
        classNames: model.manifest.classNames,
        mapping,
        target: { fromName: control.name, toName, hasLabels: control.labels.length > 0 },
        image: current,
        taskIndex: i,
        modelVersion,
        config,
        taskData: task.data,
      });
      for (const [cls, n] of Object.entries(built.unmapped))
        unmapped[cls] = (unmapped[cls] ?? 0) + n;
      if (built.issues.length > 0) throw new Error(built.issues.map((x) => x.message).join('; '));
      items.push({ task, prediction: built.prediction });
    } catch (error) {
      failures.push({ index: i, message: (error as Error).message });
    }
    bar.update(i + 1, failures.length);
  }
  bar.finish();
  await model.session.release();

  const summary = await writeExport(args.out, args.format, items);
  return { written: summary.written, failures, unmapped, modelVersion };
}
