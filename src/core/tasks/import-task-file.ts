import type { ImportOptions } from './parser-types';
import { TaskImporter } from './task-importer';
import type { ImportResult } from './types';

/**
 * Imports one task file held as text. The format comes from the extension
 * (.json .jsonl .ndjson .csv .tsv .txt), else from the content. Never throws:
 * every problem becomes an issue naming the file and the line or record.
 */
export function importTaskFile(
  fileName: string,
  text: string,
  options: ImportOptions = {},
): ImportResult {
  const result: ImportResult = { tasks: [], issues: [] };
  const importer = new TaskImporter(fileName, options, {
    task: (task) => result.tasks.push(task),
    issue: (issue) => result.issues.push(issue),
  });
  importer.push(text);
  importer.end();
  return result;
}
