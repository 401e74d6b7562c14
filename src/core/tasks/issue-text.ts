import type { ImportIssue } from './types';

/** Where in a file an issue is; every field optional. */
export interface IssuePlace {
  line?: number;
  column?: number;
  record?: number;
}

/**
 * Builds an issue whose message stands on its own ("tasks.json, record 3
 * (line 7): …"), since UIs and logs often show only the message.
 */
export function makeIssue(file: string, place: IssuePlace, text: string): ImportIssue {
  let where = '';
  if (place.record !== undefined) {
    where = `, record ${place.record}`;
    if (place.line !== undefined) where += ` (line ${place.line})`;
  } else if (place.line !== undefined) {
    where = `, line ${place.line}`;
    if (place.column !== undefined) where += `, column ${place.column}`;
  }
  const issue: ImportIssue = { file, message: `${file}${where}: ${text}` };
  if (place.line !== undefined) issue.line = place.line;
  if (place.column !== undefined) issue.column = place.column;
  if (place.record !== undefined) issue.record = place.record;
  return issue;
}

/** "a number", "a list", "null"… for messages about unexpected JSON values. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return `${String(value)} (a boolean)`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
