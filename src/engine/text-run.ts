// A run of a text model in the worker: the control it fills (the page's
// choice with its edited mapping, else the first that fits), the predictor's
// settings and model_version, and how text tasks are named and shown. The
// predictions themselves come from the predictor's predictTextTask, the same
// call `prelabel predict` makes.
import { readDataPath } from '../core/config';
import type { LabelingConfig, ObjectTag } from '../core/config/types';
import { pickTextTarget, type TextTarget } from '../core/mapping/text-targets';
import { textTargetOf, type TextRunSettings } from '../models/predictor';
import type { RunRequest } from './api';
import type { LoadedTextModel } from './model-loader';
import { requestModelVersion } from './run-version';

/** The tags a text model reads. */
const TEXT_OBJECTS = new Set(['Text', 'HyperText', 'Paragraphs']);

export interface TextRunPlan {
  settings: TextRunSettings;
  modelVersion: string;
}

export async function planTextRun(
  config: LabelingConfig,
  model: LoadedTextModel,
  request: RunRequest,
): Promise<TextRunPlan> {
  const chosen = request.text;
  let target: TextTarget;
  if (chosen) {
    target = pickTextTarget(config, model.resultKind as TextTarget['kind'], [], {
      fromName: chosen.fromName,
      toName: chosen.toName,
    });
    target.mapping = { ...chosen.mapping };
  } else {
    target = textTargetOf(model, config);
  }
  const text = { fromName: target.fromName, toName: target.toName, mapping: target.mapping };
  const modelVersion =
    request.modelVersion?.trim() || (await requestModelVersion(model.info, { ...request, text }));
  const settings: TextRunSettings = {
    config,
    target,
    modelVersion,
    threshold: request.options.confidence,
  };
  const generation = request.generation;
  if (generation && model.resultKind === 'textarea') {
    const { prompt, ...rest } = generation;
    if (prompt !== undefined && prompt.trim() !== '') settings.prompt = prompt;
    // as `prelabel predict`: a long dialogue keeps its end unless a template says what to read
    settings.generation = { ...rest, keepPromptEnd: settings.prompt === undefined };
  }
  return { modelVersion, settings };
}

/** The object a text project's preview shows: the run's, else the config's first text object. */
export function textObjectOf(config: LabelingConfig | null, toName?: string): ObjectTag | null {
  if (!config || config.objects.some((o) => o.tag === 'Image')) return null;
  const texts = config.objects.filter((o) => TEXT_OBJECTS.has(o.tag));
  return texts.find((o) => o.name === toName) ?? texts[0] ?? null;
}

import { taskTextView } from './text-view';

export { taskTextView };

/** The plain text a task shows (a dialogue's turns one per line), or undefined. */
export function taskPlainText(
  object: ObjectTag,
  data: Record<string, unknown> | undefined,
): string | undefined {
  return data ? taskTextView(object, data)?.value : undefined;
}

const SNIPPET = 40;

/** `task 3: "I hear Barack Obama…"`: the start of its text (shown as text, never markup). */
export function textTaskName(
  object: ObjectTag,
  data: Record<string, unknown>,
  index: number,
  taskId: unknown,
): string {
  const base = typeof taskId === 'number' ? `task #${taskId}` : `task ${index + 1}`;
  const value = object.dataKey ? readDataPath(data, object.dataKey) : undefined;
  if (typeof value !== 'string' || value.trim() === '') return base;
  const flat = value.replace(/\s+/g, ' ').trim();
  const points = Array.from(flat);
  const snippet = points.length > SNIPPET ? `${points.slice(0, SNIPPET).join('')}…` : flat;
  return `${base}: "${snippet}"`;
}
