// `prelabel predict` on a text config: each task's text (or <Paragraphs>
// dialogue) through a text model, into <Labels> spans, <Choices> or a
// <TextArea> reply; every prediction checked against the config and the
// task's own text before it is written.
import type { LabelingConfig } from '../core/config/types';
import type { ExportItem } from '../core/export';
import {
  classesToResults,
  parseMappingSpec,
  pickTextTarget,
  replyToResult,
  spansToResults,
  taskTextOf,
  type TextTarget,
} from '../core/mapping';
import { modelVersionOf } from '../core/predict';
import { createIdGenerator } from '../core/results/ids';
import type { LsPrediction, LsResult } from '../core/results/types';
import type { LsTask } from '../core/tasks/types';
import { validatePrediction } from '../core/validate';
import { dialoguePrompt, fillTemplate } from '../models/text-generation';
import type { PredictOutcome, TaskFailure } from './predict';
import type { PredictArgs } from './predict-args';
import { createProgressBar } from './progress';
import type { CliTextModel } from './text-model';
import { TEXT_KIND_OF } from './text-model';
import { writeExport } from './write-output';

interface Answer {
  result: LsResult[];
  score?: number;
  unmapped: Record<string, number>;
}

function promptOf(target: TextTarget, task: LsTask, template: string | undefined): string {
  if (template !== undefined) return fillTemplate(template, task.data);
  const shown = taskTextOf(target.object, task.data);
  if (shown.kind === 'text') return shown.text;
  const attrs = target.object.attrs;
  return dialoguePrompt(shown.turns, {
    nameKey: attrs['namekey'] ?? 'author',
    textKey: attrs['textkey'] ?? 'text',
  });
}

async function answer(
  model: CliTextModel,
  target: TextTarget,
  task: LsTask,
  args: PredictArgs,
): Promise<Answer> {
  const nextId = createIdGenerator(model.kind === 'span' ? 'span' : 'text');
  if (model.kind === 'textarea') {
    const { raw } = await model.predictor.predict(promptOf(target, task, args.prompt));
    const result = replyToResult(raw.text, target, nextId, raw.score);
    return { result: result ? [result] : [], score: raw.score, unmapped: {} };
  }
  const shown = taskTextOf(target.object, task.data);
  const text = shown.kind === 'text' ? shown.text : dialoguePrompt(shown.turns);
  const names = model.predictor.classNames;
  if (model.kind === 'span') {
    const { candidates } = await model.predictor.predict(text);
    const out = spansToResults(candidates, names, target.mapping, target, nextId, {
      threshold: args.conf ?? 0,
    });
    return {
      result: out.results,
      ...(out.score !== undefined ? { score: out.score } : {}),
      unmapped: out.unmapped,
    };
  }
  const { candidates } = await model.predictor.predict(text);
  const out = classesToResults(candidates, names, target.mapping, target, nextId, {
    threshold: args.conf ?? 0.5,
  });
  return {
    result: out.results,
    ...(out.score !== undefined ? { score: out.score } : {}),
    unmapped: out.unmapped,
  };
}

export async function predictTextTasks(
  args: PredictArgs,
  config: LabelingConfig,
  model: CliTextModel,
  tasks: { tasks: LsTask[] },
  log: NodeJS.WritableStream,
  dropPredicted?: (modelVersion: string) => Promise<number>,
): Promise<PredictOutcome> {
  const target = pickTextTarget(config, TEXT_KIND_OF[model.kind], model.predictor.classNames, {
    ...(args.target ? { toName: args.target } : {}),
  });
  if (args.map) Object.assign(target.mapping, parseMappingSpec(args.map));
  const modelVersion =
    args.modelVersion ??
    (await modelVersionOf(model.name, model.bytesHash, {
      target: [target.fromName, target.toName],
      mapping: target.mapping,
      conf: args.conf,
      prompt: args.prompt,
      generation: args.generation,
    }));
  if (dropPredicted && !args.includePredicted) {
    const done = await dropPredicted(modelVersion);
    if (done > 0) log.write(`${done} tasks already have model_version ${modelVersion}: skipped\n`);
  }
  log.write(
    `${model.name} → "${target.fromName}" (${target.kind}) on "${target.toName}", ${tasks.tasks.length} tasks, model_version ${modelVersion}\n`,
  );
  const items: ExportItem[] = [];
  const failures: TaskFailure[] = [];
  const unmapped: Record<string, number> = {};
  const bar = createProgressBar(tasks.tasks.length, 'predict', log);
  for (const [i, task] of tasks.tasks.entries()) {
    try {
      const out = await answer(model, target, task, args);
      for (const [cls, n] of Object.entries(out.unmapped)) unmapped[cls] = (unmapped[cls] ?? 0) + n;
      const prediction: LsPrediction = { model_version: modelVersion, result: out.result };
      if (out.score !== undefined) prediction.score = out.score;
      const issues = validatePrediction(prediction, config, { taskData: task.data });
      if (issues.length > 0) throw new Error(issues.map((x) => x.message).join('; '));
      items.push({ task, prediction });
    } catch (error) {
      failures.push({ index: i, message: (error as Error).message });
    }
    bar.update(i + 1, failures.length);
  }
  bar.finish();
  const summary = await writeExport(args.out, args.format, items);
  return {
    written: summary.written,
    failures,
    unmapped,
    modelVersion,
    skipped: summary.skipped.length,
    skippedReasons: [...new Set(summary.skipped.map((s) => s.reason))].slice(0, 5),
  };
}
