// `prelabel predict`: the app's pipeline on onnxruntime-node, for batches,
// scripts, and to test the browser path against.
import { readFile } from 'node:fs/promises';
import { findObject, parseLabelingConfig, readDataPath } from '../core/config';
import { mediaDataKeys, type ExportItem } from '../core/export';
import type { AudioStream, RgbaImage } from '../models/types';
import { resolveModelFiles } from './load-model';
import { loadCliTasks } from './load-tasks';
import { lsConnectionArgs } from './ls-args';
import { loadServerSource } from './ls-predict-source';
import type { PredictArgs } from './predict-args';
import { createPredictor } from './predictors/create-predictor';
import { createProgressBar } from './progress';
import { tasksOfShard } from './shard';
import { loadTaskImage, loadTaskMedia } from './task-image';
import { audioStreamOf } from '../models/predictor/audio-stream';
import { refuseNamelessModel } from './nameless-model';
import { plural } from './plural';
import { writeExport } from './write-output';
import type { LabelingConfig } from '../core/config/types';
import type { LsTask } from '../core/tasks/types';
import type { CliTasks } from './load-tasks';
import { createPackagePredictor, openCliPackage } from './predictors/package';
import type { TaskPrediction } from './predictors/types';

export interface TaskFailure {
  index: number;
  message: string;
}

export interface PredictOutcome {
  written: number;
  failures: TaskFailure[];
  unmapped: Record<string, number>;
  modelVersion: string;
  /** Tasks predicted but left out of the file (e.g. no id for --format predictions). */
  skipped: number;
  skippedReasons: string[];
}

/** A model as the task loop runs it: what it reads of a task, and the task's prediction. */
interface TaskRunner {
  description: string;
  modelVersion: string;
  /** The task's media (an image, an audio file), or nothing for models that read its data. */
  load(task: LsTask, tasks: CliTasks): Promise<unknown>;
  predict(input: unknown, task: LsTask, index: number): Promise<TaskPrediction>;
  release(): Promise<void>;
}

/** A text/audio package (or built-in) when the registry recognises one, else an image model. */
async function openRunner(args: PredictArgs, config: LabelingConfig): Promise<TaskRunner> {
  const packaged = await openCliPackage(args);
  if (packaged) {
    const predictor = await createPackagePredictor(packaged, config, args);
    if (predictor.modality === 'text') {
      return {
        ...predictor,
        load: async () => undefined,
        predict: (_, t, i) => predictor.predict(t, i),
      };
    }
    const dataKey = findObject(config, predictor.object)?.dataKey;
    if (predictor.modality === 'image') {
      return {
        ...predictor,
        load: (task, tasks) =>
          loadTaskImage(dataKey ? readDataPath(task.data, dataKey) : undefined, tasks),
        predict: (image, task, i) => predictor.predict(task, i, image as RgbaImage),
      };
    }
    return {
      ...predictor,
      load: async (task, tasks) => {
        const ref = dataKey ? readDataPath(task.data, dataKey) : undefined;
        return audioStreamOf(await loadTaskMedia(ref, tasks, dataKey), String(ref));
      },
      predict: (audio, task, i) => predictor.predict(task, i, audio as AudioStream),
    };
  }
  const files = await resolveModelFiles(args.model);
  const predictor = await createPredictor(files, config, args);
  try {
    refuseNamelessModel(predictor, args);
  } catch (error) {
    await predictor.release();
    throw error;
  }
  const dataKey = findObject(config, predictor.imageObject)?.dataKey;
  return {
    ...predictor,
    load: (task, tasks) =>
      loadTaskImage(dataKey ? readDataPath(task.data, dataKey) : undefined, tasks),
    predict: (image, task, i) => predictor.predict(image as RgbaImage, task, i),
  };
}

export async function predict(
  args: PredictArgs,
  log: NodeJS.WritableStream = process.stderr,
): Promise<PredictOutcome> {
  const server = args.lsUrl
    ? await loadServerSource(
        {
          ...lsConnectionArgs({
            'ls-url': args.lsUrl,
            'ls-token': args.lsToken,
            project: args.project,
          }),
          skipAnnotated: args.skipAnnotated ?? false,
        },
        log,
      )
    : undefined;
  const config = server?.config ?? parseLabelingConfig(await readFile(args.config, 'utf8'));
  const runner = await openRunner(args, config);
  const tasks = server?.tasks ?? (await loadCliTasks(args.tasks, config));
  if (args.shard) {
    const all = tasks.tasks.length;
    tasks.tasks = tasksOfShard(tasks.tasks, args.shard);
    log.write(
      `shard ${args.shard.index}/${args.shard.count}: ${tasks.tasks.length} of ${all} tasks\n`,
    );
  }
  if (server && !args.includePredicted) {
    const done = await server.dropPredicted(runner.modelVersion);
    if (done > 0) {
      log.write(
        `${plural(done, 'task')} already ${done === 1 ? 'has' : 'have'} model_version ${runner.modelVersion}: skipped (--include-predicted to redo them)\n`,
      );
    }
  }
  for (const issue of tasks.issues) log.write(`warning: ${issue.message}\n`);
  log.write(
    `${runner.description}, ${plural(tasks.tasks.length, 'task')}, model_version ${runner.modelVersion} (${args.backend})\n`,
  );

  const items: ExportItem[] = [];
  const failures: TaskFailure[] = [];
  const unmapped: Record<string, number> = {};
  const bar = createProgressBar(tasks.tasks.length, 'predict', log);
  const inputOf = (i: number): Promise<unknown> =>
    runner.load(tasks.tasks[i]!, tasks).catch((e: unknown) => e as Error);
  // Read the next task's media while the current one is in the model.
  let next = tasks.tasks.length > 0 ? inputOf(0) : undefined;
  for (let i = 0; i < tasks.tasks.length; i++) {
    const task = tasks.tasks[i]!;
    const input = await next;
    next = i + 1 < tasks.tasks.length ? inputOf(i + 1) : undefined;
    try {
      if (input instanceof Error) throw input;
      const built = await runner.predict(input, task, i);
      for (const [cls, n] of Object.entries(built.unmapped ?? {})) {
        unmapped[cls] = (unmapped[cls] ?? 0) + n;
      }
      if (built.issues.length > 0) throw new Error(built.issues.map((x) => x.message).join('; '));
      items.push({ task, prediction: built.prediction });
    } catch (error) {
      failures.push({ index: i, message: (error as Error).message });
    }
    bar.update(i + 1, failures.length);
  }
  bar.finish();
  await runner.release();

  const mediaPrefix =
    args.mediaPrefix !== undefined
      ? { prefix: args.mediaPrefix, dataKeys: mediaDataKeys(config) }
      : undefined;
  const summary = await writeExport(args.out, args.format, items, { mediaPrefix });
  return {
    written: summary.written,
    failures,
    unmapped,
    modelVersion: runner.modelVersion,
    skipped: summary.skipped.length,
    skippedReasons: [...new Set(summary.skipped.map((s) => s.reason))].slice(0, 5),
  };
}
