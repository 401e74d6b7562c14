// The state every per-result check receives, and how controls are described
// in messages.

import type { ControlTag, LabelingConfig, ObjectTag } from '../config/types';
import type { JsonObject } from './values';

export interface ResultContext {
  index: number;
  raw: JsonObject;
  value: JsonObject;
  control: ControlTag;
  /** Undefined when `to_name` names no object of the config (already reported). */
  object: ObjectTag | undefined;
  config: LabelingConfig;
  /** Task data, when validating against a task (enables text-offset checks). */
  taskData?: Record<string, unknown>;
  fail(message: string): void;
}

/** `<RectangleLabels name="label">`, as the user wrote it in the config. */
export function describeControl(control: ControlTag): string {
  return `<${control.tag} name="${control.name}">`;
}

/** Lists at most `max` names so an 80-class config does not flood the message. */
export function listNames(names: readonly string[], max = 20): string {
  if (names.length === 0) return '(none)';
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')}, ... (${names.length - max} more)`;
}
