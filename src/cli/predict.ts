// `prelabel predict`: the app's pipeline on onnxruntime-node, for batches,
// scripts, and to test the browser path against.
import { readFile } from 'node:fs/promises';
import { findObject, parseLabelingConfig, readDataPath } from '../core/config';
import { mediaDataKeys, type ExportItem } from '../core/export';
import type { RgbaImage } from '../models/types';
import { resolveModelFiles } from './load-model';
import { loadCliTasks } from './load-tasks';
import { lsConnectionArgs } from './ls-args';
import { loadServerSource } from './ls-predict-source';
import type { PredictArgs } from './predict-args';
import { createPredictor } from './predictors/create-predictor';
import { createProgressBar } from './progress';
import { tasksOfShard } from './shard';
import { loadTaskImage } from './task-image';
import { refuseNamelessModel } from './nameless-model';
import { plural } from './plural';
import { writeExport } from './write-output';
import { openCliTextModel } from './text-model';
import { predictTextTasks } from './text-predict';

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
  // a dialogue too long for the model keeps its latest turns; a template is the user's to fit
  const textModel = await openCliTextModel(
    args.model,
    {
      ...(args.generation ?? { strategy: 'greedy' }),
      keepPromptEnd: args.prompt === undefined,
    },
    args.backend,
  );
  if (textModel) {
    const tasks = server?.tasks ?? (await loadCliTasks(args.tasks, config));
    for (const issue of tasks.issues) log.write(`warning: ${issue.message}\n`);
    return predictTextTasks(args, config, textModel, tasks, log, server?.dropPredicted);
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
  const tasks = server?.tasks ?? (await loadCliTasks(args.tasks, config));
  if (args.shard) {
    const all = tasks.tasks.length;
    tasks.tasks = tasksOfShard(tasks.tasks, args.shard);
    log.write(
      `shard ${args.shard.index}/${args.shard.count}: ${tasks.tasks.length} of ${all} tasks\n`,
    );
  }
  if (server && !args.includePredicted) {
    const done = await server.dropPredicted(predictor.modelVersion);
    if (done > 0) {
      log.write(
        `${plural(done, 'task')} already ${done === 1 ? 'has' : 'have'} model_version ${predictor.modelVersion}: skipped (--include-predicted to redo them)\n`,
      );
    }
  }
  for (const issue of tasks.issues) log.write(`warning: ${issue.message}\n`);
  log.write(
    `${predictor.description}, ${plural(tasks.tasks.length, 'task')}, model_version ${predictor.modelVersion} (${args.backend})\n`,
  );

  const items: ExportItem[] = [];
  const failures: TaskFailure[] = [];
  const unmapped: Record<string, number> = {};
  const bar = createProgressBar(tasks.tasks.length, 'predict', log);
  const imageOf = (i: number): Promise<RgbaImage | Error> =>
    loadTaskImage(dataKey ? readDataPath(tasks.tasks[i]!.data, dataKey) : undefined, tasks).catch(
      (e: unknown) => e as Error,
    );
  // Decode the next image while the current one is in the model.
  let next = tasks.tasks.length > 0 ? imageOf(0) : undefined;
  for (let i = 0; i < tasks.tasks.length; i++) {
    const task = tasks.tasks[i]!;
    const image = await next;
    next = i + 1 < tasks.tasks.length ? imageOf(i + 1) : undefined;
    try {
      if (!image) throw new Error('no image');
      if (image instanceof Error) throw image;
      const built = await predictor.predict(image, task, i);
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
  await predictor.release();

  const mediaPrefix =
    args.mediaPrefix !== undefined
      ? { prefix: args.mediaPrefix, dataKeys: mediaDataKeys(config) }
      : undefined;
  const summary = await writeExport(args.out, args.format, items, { mediaPrefix });
  return {
    written: summary.written,
    failures,
    unmapped,
    modelVersion: predictor.modelVersion,
    skipped: summary.skipped.length,
    skippedReasons: [...new Set(summary.skipped.map((s) => s.reason))].slice(0, 5),
  };
}
