// Which control of a labeling config receives a text model's output, and the
// task text it reads: entity spans → <Labels> on a <Text>; classes →
// <Choices>; a generated reply → <TextArea> (on a <Text> or a <Paragraphs>
// dialogue). Spans go on a <Text> (<Labels>), a <HyperText> (<Labels> or
// <HyperTextLabels>) or a <Paragraphs> dialogue (<ParagraphLabels>); see
// span-source.ts for what the model reads from each.
import type { ControlTag, LabelingConfig, ObjectTag } from '../config/types';
import type { LabelMapping } from './auto-map';
import { autoMapLabels } from './auto-map';
import { readDataPath } from '../config/data-path';

export type TextTargetKind = 'span' | 'choices' | 'textarea';

export interface TextTarget {
  kind: TextTargetKind;
  fromName: string;
  toName: string;
  /** The object tag (Text, HyperText, Paragraphs) and its data key. */
  object: ObjectTag;
  /** `labels` or `hypertextlabels` for spans. */
  resultType: string;
  mapping: LabelMapping;
  multiple: boolean;
}

export class TextTargetError extends Error {}

const OBJECTS: Record<TextTargetKind, readonly string[]> = {
  span: ['Text', 'HyperText', 'Paragraphs'],
  choices: ['Text', 'HyperText', 'Paragraphs'],
  textarea: ['Text', 'HyperText', 'Paragraphs'],
};

const CONTROLS: Record<TextTargetKind, readonly string[]> = {
  span: ['Labels', 'HyperTextLabels', 'ParagraphLabels'],
  choices: ['Choices'],
  textarea: ['TextArea'],
};

const NEEDED: Record<TextTargetKind, string> = {
  span: '<Labels> on a <Text> or <HyperText>, <HyperTextLabels> on a <HyperText> or <ParagraphLabels> on a <Paragraphs>',
  choices: '<Choices> on a <Text>, <HyperText> or <Paragraphs>',
  textarea: '<TextArea> on a <Text>, <HyperText> or <Paragraphs>',
};

function fits(control: ControlTag, kind: TextTargetKind): boolean {
  return CONTROLS[kind].includes(control.tag) && !control.perRegion;
}

/** Span controls label their own object kind only (the editor has no <Labels> region on <Paragraphs>). */
const SPAN_OBJECT: Record<string, readonly string[]> = {
  Labels: ['Text', 'HyperText'],
  HyperTextLabels: ['HyperText'],
  ParagraphLabels: ['Paragraphs'],
};

function labels(control: ControlTag, object: ObjectTag, kind: TextTargetKind): boolean {
  const objects = kind === 'span' ? SPAN_OBJECT[control.tag] : OBJECTS[kind];
  return objects?.includes(object.tag) ?? false;
}

/** The first fitting control (config order), or the one on `toName`. */
export function pickTextTarget(
  config: LabelingConfig,
  kind: TextTargetKind,
  classNames: readonly string[],
  options: { toName?: string; fromName?: string } = {},
): TextTarget {
  for (const control of config.controls) {
    if (!fits(control, kind)) continue;
    if (options.fromName !== undefined && control.name !== options.fromName) continue;
    for (const toName of control.toName) {
      if (options.toName !== undefined && toName !== options.toName) continue;
      const object = config.objects.find((o) => o.name === toName);
      if (!object || !labels(control, object, kind)) continue;
      return {
        kind,
        fromName: control.name,
        toName,
        object,
        resultType: control.resultType,
        mapping: kind === 'textarea' ? {} : autoMapLabels([...classNames], control).mapping,
        multiple: control.multiple,
      };
    }
  }
  const where = options.toName ? ` for "${options.toName}"` : '';
  throw new TextTargetError(`the labeling config has no ${NEEDED[kind]}${where}`);
}

export type TaskText = { kind: 'text'; text: string } | { kind: 'dialogue'; turns: unknown[] };

/** What the target's object shows for this task; throws naming the data key and the cause. */
export function taskTextOf(object: ObjectTag, data: Record<string, unknown>): TaskText {
  if (object.dataKey === undefined) {
    const literal = object.attrs['value'];
    if (literal !== undefined) return { kind: 'text', text: literal };
    throw new TextTargetError(`<${object.tag} name="${object.name}"> has no value`);
  }
  const value = readDataPath(data, object.dataKey);
  const key = `$${object.dataKey}`;
  if (value === undefined || value === null) {
    throw new TextTargetError(
      `the task has no ${key} (the data of <${object.tag} name="${object.name}">)`,
    );
  }
  if (object.tag === 'Paragraphs') {
    if (!Array.isArray(value)) {
      throw new TextTargetError(`${key} must be a list of {author, text} turns for <Paragraphs>`);
    }
    return { kind: 'dialogue', turns: value };
  }
  if (typeof value !== 'string') {
    throw new TextTargetError(
      `${key} must be a string of text, got ${Array.isArray(value) ? 'a list' : typeof value}`,
    );
  }
  if ((object.attrs['valuetype'] ?? '').toLowerCase() === 'url') {
    throw new TextTargetError(
      `${key} is a URL (valueType="url"): put the text itself in the task to pre-label it`,
    );
  }
  return { kind: 'text', text: value };
}
