// Training examples for a `Choices` on `Text` from annotated Label Studio
// tasks: a JSON export (annotations, or `completions` in old exports), or a
// flattened JSON-MIN / CSV export (the control's name is a column). Never
// throws: each task that cannot give an example says why, the rest go on.
import type { ControlTag, LabelingConfig, ObjectTag } from '../config';
import { readDataPath } from '../config';
import type { LsTask } from '../tasks';
import { choicesInCell, choicesInResults } from './choice-values';
import { liveAnnotations, pickAnnotation, type RawAnnotation } from './pick-annotation';

export interface AnnotatedExample {
  text: string;
  labels: string[];
  /** 0-based position of the task in the list given. */
  taskIndex: number;
  taskId?: number;
  /** The annotation learnt from (JSON exports; a flat row has none): what a cache of what was learnt keys on. */
  annotationId?: number;
  updatedAt?: string;
}

export interface AnnotationProblem {
  taskIndex: number;
  /** A full sentence naming the task (position and id) and the cause. */
  message: string;
}

export interface ExampleSource {
  control: string;
  object: string;
  dataKey: string;
  /** The control's label names (alias, else value), in config order. */
  labels: string[];
  multiple: boolean;
}

export interface ExtractedExamples {
  examples: AnnotatedExample[];
  problems: AnnotationProblem[];
  /** The control and object the examples are for (null when the config has none). */
  source: ExampleSource | null;
  /** Tasks whose every annotation was cancelled (skipped). */
  skippedTasks: number;
  /** Tasks with no annotation. */
  unannotatedTasks: number;
  /** Tasks whose live annotations disagree (the ground-truth or newest one was used). */
  conflictingTasks: number;
}

export interface ExtractOptions {
  /** The `Choices` control to learn (default: the first one on one of `objectTags`). */
  control?: string;
  /**
   * Object tags the Choices may label; default `Text` and `HyperText`. With
   * `['Image']` (image heads) an example's `text` is the task's image reference.
   */
  objectTags?: readonly string[];
}

const TEXT_OBJECTS = ['Text', 'HyperText'];

function findSource(
  config: LabelingConfig,
  wanted: string | undefined,
  objectTags: readonly string[],
): { control: ControlTag; object: ObjectTag } | string {
  const candidates = config.controls.filter(
    (c) => c.tag === 'Choices' && (!wanted || c.name === wanted),
  );
  for (const control of candidates) {
    for (const name of control.toName) {
      const object = config.objects.find((o) => o.name === name);
      if (object && objectTags.includes(object.tag) && object.dataKey !== undefined) {
        return { control, object };
      }
    }
  }
  const on = objectTags.map((t) => `<${t}>`).join(' or ');
  return wanted
    ? `the labeling config has no <Choices name="${wanted}"> on a ${on} with a $data key`
    : `the labeling config has no <Choices> on a ${on} with a $data key: nothing to learn`;
}

function labelsOf(control: ControlTag): string[] {
  return control.labels.map((l) => l.name);
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

export function examplesFromTasks(
  config: LabelingConfig,
  tasks: readonly LsTask[],
  options: ExtractOptions = {},
): ExtractedExamples {
  const out: ExtractedExamples = {
    examples: [],
    problems: [],
    source: null,
    skippedTasks: 0,
    unannotatedTasks: 0,
    conflictingTasks: 0,
  };
  const found = findSource(config, options.control, options.objectTags ?? TEXT_OBJECTS);
  if (typeof found === 'string') {
    out.problems.push({ taskIndex: -1, message: found });
    return out;
  }
  const { control, object } = found;
  const dataKey = object.dataKey as string;
  const labels = labelsOf(control);
  out.source = {
    control: control.name,
    object: object.name,
    dataKey,
    labels,
    multiple: control.multiple,
  };
  const byName = new Set(labels);
  // Annotations may name a label by its value where the config now gives an alias.
  const byValue = new Map(control.labels.filter((l) => l.alias).map((l) => [l.value, l.name]));
  const lowerCase = new Map(labels.map((l) => [l.toLowerCase(), l]));

  // JSON-MIN / CSV: one row per annotation; several rows of one task id → the newest.
  const flatRows = new Map<string, number>();
  tasks.forEach((task, index) => {
    if (hasAnnotationList(task) || !Object.hasOwn(task.data, control.name)) return;
    const id = task.data.id;
    if (id === undefined || id === '') return;
    const key = String(id);
    const prior = flatRows.get(key);
    if (prior === undefined || isNewer(task.data, (tasks[prior] as LsTask).data))
      flatRows.set(key, index);
  });

  tasks.forEach((task, index) => {
    const id = typeof task.id === 'number' ? task.id : numericId(task.data.id);
    const where = `task ${index + 1}${id !== undefined ? ` (id ${id})` : ''}`;
    const problem = (message: string) =>
      out.problems.push({ taskIndex: index, message: `${where}: ${message}` });

    let given: string[] | undefined;
    let chosen: RawAnnotation | undefined;
    if (hasAnnotationList(task)) {
      const list = (task.annotations ?? task.completions) as unknown[];
      const live = liveAnnotations(list);
      if (list.length === 0) {
        out.unannotatedTasks++;
        return;
      }
      if (live.length === 0) {
        out.skippedTasks++;
        return;
      }
      chosen = pickAnnotation(live) as RawAnnotation;
      given = choicesInResults(chosen.result, control.name);
      const answers = live.map((a) => choicesInResults(a.result, control.name) ?? []);
      if (answers.some((a) => !sameSet(a, answers[0] as string[]))) out.conflictingTasks++;
      if (given === undefined) {
        const which =
          typeof chosen.id === 'number' ? `annotation ${chosen.id}` : 'the annotation used';
        problem(`${which} has no answer for <Choices name="${control.name}">; not learnt from`);
        return;
      }
    } else if (Object.hasOwn(task.data, control.name)) {
      const key =
        task.data.id === undefined || task.data.id === '' ? undefined : String(task.data.id);
      if (key !== undefined && flatRows.get(key) !== index) return; // an older row of the same task
      given = choicesInCell(task.data[control.name]);
      // JSON-MIN rows name the annotation in these columns.
      chosen = { id: task.data.annotation_id, updated_at: task.data.updated_at };
      if (given === undefined) {
        out.unannotatedTasks++;
        return;
      }
    } else {
      out.unannotatedTasks++;
      return;
    }

    const text = readDataPath(task.data, dataKey);
    if (typeof text !== 'string') {
      const what = object.tag === 'Image' ? 'image reference' : 'text';
      problem(
        text === undefined
          ? `no ${what} at $${dataKey} (the <${object.tag} name="${object.name}"> data key); not learnt from`
          : `$${dataKey} is ${Array.isArray(text) ? 'a list' : typeof text}, not a ${what}; not learnt from`,
      );
      return;
    }

    const kept: string[] = [];
    for (const label of given) {
      if (byName.has(label)) kept.push(label);
      else if (byValue.has(label)) kept.push(byValue.get(label) as string);
      else {
        const hint = lowerCase.get(label.toLowerCase());
        problem(
          `label "${label}" is not a choice of <Choices name="${control.name}"> (renamed or removed in the config?${hint ? ` did you mean "${hint}"?` : ''}); ignored`,
        );
      }
    }
    const unique = [...new Set(kept)];
    if (unique.length === 0) return;
    if (!control.multiple && unique.length > 1) {
      problem(
        `${unique.length} choices (${unique.join(', ')}) on a single-choice control; learnt as equally likely`,
      );
    }
    out.examples.push({
      text,
      labels: unique,
      taskIndex: index,
      ...(id !== undefined ? { taskId: id } : {}),
      ...(typeof chosen?.id === 'number' ? { annotationId: chosen.id } : {}),
      ...(typeof chosen?.updated_at === 'string' ? { updatedAt: chosen.updated_at } : {}),
    });
  });
  return out;
}

function hasAnnotationList(task: LsTask): boolean {
  return Array.isArray(task.annotations) || Array.isArray(task.completions);
}

function numericId(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

function rowTime(data: Record<string, unknown>): number {
  for (const key of ['updated_at', 'created_at']) {
    const v = data[key];
    if (typeof v === 'string' && Number.isFinite(Date.parse(v))) return Date.parse(v);
  }
  return -Infinity;
}

/** Ties (no timestamps): the later row wins, as later rows come from later annotations. */
function isNewer(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return rowTime(a) >= rowTime(b);
}
