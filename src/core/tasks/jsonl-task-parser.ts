import { makeIssue } from './issue-text';
import { locateJsonError } from './json-syntax-error';
import { LineSplitter } from './line-splitter';
import { normalizeTask } from './normalize-task';
import type { IncrementalParser, TaskSink } from './parser-types';

/** JSON Lines: one task per line; a bad line is reported and the others load. */
export class JsonlTaskParser implements IncrementalParser {
  readonly stopped = false;
  private readonly lines = new LineSplitter((line, n) => this.parseLine(line, n));

  constructor(
    private readonly fileName: string,
    private readonly sink: TaskSink,
  ) {}

  push(text: string): void {
    this.lines.push(text);
  }

  end(): void {
    this.lines.end();
  }

  private parseLine(text: string, line: number): void {
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const { offset, reason } = locateJsonError(text, error);
      const place = { line, column: offset + 1 };
      this.sink.issue(makeIssue(this.fileName, place, `invalid JSON: ${reason}`));
      return;
    }
    const result = normalizeTask(value);
    if ('task' in result) this.sink.task(result.task);
    else this.sink.issue(makeIssue(this.fileName, { line }, result.problem));
  }
}
