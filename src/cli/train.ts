// `prelabel train`: a head (JSON file) from annotated Label Studio tasks, with
// an honest quality estimate (k-fold or leave-one-out on those annotations).
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { firstDataKey, parseLabelingConfig, type LabelingConfig } from '../core/config';
import { examplesFromTasks } from '../core/annotations';
import { importTaskFile } from '../core/tasks';
import {
  estimateQuality,
  trainTextClassifier,
  type QualityEstimate,
  type TrainTextOptions,
} from '../learn';
import { openBackbone } from './backbone-features';
import { featuresInBatches, learnImageHead } from './image-head-training';
import { learnsAudio } from '../core/annotations/learns-images';
import { trainAudioHead } from './train-audio';
import { loadCliTasks } from './load-tasks';
import { loadTaskImage } from './task-image';
import { UsageError } from './predict-args';

export interface TrainArgs {
  config: string;
  tasks: string;
  out: string;
  backbone?: string;
  /** The `<Choices>` to learn (default: the first on a `<Text>`). */
  control?: string;
  options: TrainTextOptions;
}

function number(name: string, text: string | undefined, min: number, max: number, integer = false) {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new UsageError(
      `--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, got "${text}"`,
    );
  }
  return value;
}

export function parseTrainArgs(argv: string[]): TrainArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      tasks: { type: 'string' },
      out: { type: 'string' },
      backbone: { type: 'string' },
      control: { type: 'string' },
      c: { type: 'string' },
      hidden: { type: 'string' },
      seed: { type: 'string' },
      analyzer: { type: 'string' },
    },
    strict: true,
  });
  for (const name of ['config', 'tasks', 'out'] as const) {
    if (!values[name]) throw new UsageError(`--${name} is required`);
  }
  if (
    values.analyzer !== undefined &&
    values.analyzer !== 'word' &&
    values.analyzer !== 'char_wb'
  ) {
    throw new UsageError('--analyzer must be word or char_wb');
  }
  const options: TrainTextOptions = {};
  const C = number('c', values.c, 1e-6, 1e6);
  const hidden = number('hidden', values.hidden, 0, 1024, true);
  const seed = number('seed', values.seed, 0, 2 ** 31 - 1, true);
  if (C !== undefined) options.C = C;
  if (hidden !== undefined) options.hidden = hidden;
  if (seed !== undefined) options.seed = seed;
  if (values.analyzer) options.analyzer = values.analyzer as 'word' | 'char_wb';
  return {
    config: values.config!,
    tasks: values.tasks!,
    out: values.out!,
    ...(values.backbone ? { backbone: values.backbone } : {}),
    ...(values.control ? { control: values.control } : {}),
    options,
  };
}

/** Image heads: `Choices` on an `Image`, features from the backbone's pooled output. */
async function trainImageHead(
  args: TrainArgs,
  config: LabelingConfig,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const cliTasks = await loadCliTasks(args.tasks, config);
  for (const issue of cliTasks.issues.slice(0, 20)) err.write(`${issue.message}\n`);
  const extracted = examplesFromTasks(config, cliTasks.tasks, {
    objectTags: ['Image'],
    ...(args.control ? { control: args.control } : {}),
  });
  for (const p of extracted.problems.slice(0, 20)) err.write(`${p.message}\n`);
  const { source } = extracted;
  if (!source) return 2;
  const backbone = await openBackbone(args.backbone as string);
  const features: Float32Array[] = [];
  const labels: string[][] = [];
  try {
    const extractedFeatures = await featuresInBatches(backbone, extracted.examples, (e) =>
      loadTaskImage(e.text, cliTasks),
    );
    extractedFeatures.forEach((f, k) => {
      const example = extracted.examples[k]!;
      if (f instanceof Error) {
        err.write(`task ${example.taskIndex + 1}: ${f.message}; not learnt from\n`);
        return;
      }
      features.push(f);
      labels.push(example.labels);
    });
  } finally {
    await backbone.release();
  }
  if (features.length === 0) {
    err.write(
      `error: no usable annotated image for <Choices name="${source.control}"> in ${args.tasks}\n`,
    );
    return 2;
  }
  const { head, quality } = learnImageHead(features, labels, source, backbone.ref, args.options);
  await writeFile(args.out, `${JSON.stringify(head)}\n`);
  out.write(
    `learnt <Choices name="${source.control}"> from the ${backbone.ref.output} features of ${head.annotationCount} annotated images of ${cliTasks.tasks.length} tasks` +
      ` (${backbone.producer}${backbone.dequantized ? ', dequantized' : ''}, ${head.features.dimension} values)\n`,
  );
  writeSummary(
    out,
    err,
    source.labels,
    labels,
    quality,
    head.training,
    args.out,
    head.modelVersion,
  );
  return 0;
}

function writeSummary(
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  labelList: string[],
  exampleLabels: string[][],
  quality: QualityEstimate,
  training: { converged: boolean; iterations: number },
  path: string,
  modelVersion: string,
): void {
  const counts = labelList.map((l) => `${l} ${exampleLabels.filter((e) => e.includes(l)).length}`);
  out.write(`examples per label: ${counts.join(', ')}\n`);
  out.write(
    quality.method === 'none'
      ? `quality: no estimate (${quality.reason})\n`
      : `quality (${quality.method === 'k-fold' ? `${quality.folds}-fold` : 'leave-one-out'} on the annotations): accuracy ${pct(quality.accuracy)}, macro-F1 ${pct(quality.macroF1)}\n`,
  );
  if (!training.converged) {
    err.write(
      `warning: the solver stopped before converging (${training.iterations} iterations)\n`,
    );
  }
  out.write(`wrote ${path} (model_version ${modelVersion})\n`);
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %`);

/** Runs `prelabel train`; returns the exit code (0: head written). */
export async function runTrain(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const args = parseTrainArgs(argv);
  const config = parseLabelingConfig(await readFile(args.config, 'utf8'));
  if (args.backbone) return trainImageHead(args, config, out, err);
  if (learnsAudio(config, args.control)) {
    return trainAudioHead(args, config, out, err, (...rest) => writeSummary(out, err, ...rest));
  }
  const imported = importTaskFile(basename(args.tasks), await readFile(args.tasks, 'utf8'), {
    dataKey: firstDataKey(config),
  });
  for (const issue of imported.issues.slice(0, 20)) err.write(`${issue.message}\n`);
  const extracted = examplesFromTasks(
    config,
    imported.tasks,
    args.control ? { control: args.control } : {},
  );
  for (const p of extracted.problems.slice(0, 20)) err.write(`${p.message}\n`);
  if (extracted.problems.length > 20)
    err.write(`… ${extracted.problems.length - 20} more problems\n`);
  const { source } = extracted;
  if (!source) return 2;
  if (extracted.examples.length === 0) {
    err.write(
      `error: no usable annotation for <Choices name="${source.control}"> in ${args.tasks}\n`,
    );
    return 2;
  }
  const options: TrainTextOptions = {
    ...args.options,
    labels: source.labels,
    multiple: source.multiple,
  };
  const head = trainTextClassifier(extracted.examples, options);
  const quality = estimateQuality(extracted.examples, options);
  await writeFile(args.out, `${JSON.stringify(head)}\n`);

  out.write(
    `learnt <Choices name="${source.control}"> from ${head.annotationCount} annotated tasks of ${imported.tasks.length}` +
      ` (${extracted.skippedTasks} skipped, ${extracted.unannotatedTasks} without annotation,` +
      ` ${extracted.conflictingTasks} with disagreeing annotations: ground truth or newest used)\n`,
  );
  writeSummary(
    out,
    err,
    source.labels,
    extracted.examples.map((e) => e.labels),
    quality,
    head.training,
    args.out,
    head.modelVersion,
  );
  return 0;
}
