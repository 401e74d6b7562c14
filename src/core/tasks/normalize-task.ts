import { describeJsonValue } from './issue-text';
import type { LsTask } from './types';

export type TaskOrProblem = { task: LsTask } | { problem: string };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns one parsed JSON record into a task the way Label Studio does: an
 * object with `data` is a task (kept verbatim, every field), any other object
 * is itself the data.
 */
export function normalizeTask(value: unknown): TaskOrProblem {
  if (!isPlainObject(value)) {
    return { problem: `expected a task object, found ${describeJsonValue(value)}` };
  }
  if (!Object.prototype.hasOwnProperty.call(value, 'data')) return { task: { data: value } };
  const { data } = value;
  if (!isPlainObject(data)) {
    return { problem: `"data" must be an object, found ${describeJsonValue(data)}` };
  }
  // Downstream code relies on these shapes (LsTask); Label Studio rejects them too.
  for (const key of ['predictions', 'annotations'] as const) {
    if (key in value && !Array.isArray(value[key])) {
      return { problem: `"${key}" must be a list, found ${describeJsonValue(value[key])}` };
    }
  }
  if ('id' in value && typeof value.id !== 'number') {
    return { problem: `"id" must be a number, found ${describeJsonValue(value.id)}` };
  }
  return { task: value as LsTask };
}
