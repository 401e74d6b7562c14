import { CsvTaskParser } from './csv-task-parser';
import { canSniff, formatFromName, sniffFormat } from './detect-format';
import { makeIssue } from './issue-text';
import { JsonTaskParser } from './json-task-parser';
import { JsonlTaskParser } from './jsonl-task-parser';
import type { ImportOptions, IncrementalParser, TaskFileFormat, TaskSink } from './parser-types';
import { TxtTaskParser } from './txt-task-parser';

/** Past this many issues in one file, the rest are only counted (a broken file can have millions). */
export const MAX_ISSUES_PER_FILE = 1000;

function createParser(
  format: TaskFileFormat,
  fileName: string,
  sink: TaskSink,
  options: ImportOptions,
): IncrementalParser {
  switch (format) {
    case 'json':
      return new JsonTaskParser(fileName, sink);
    case 'jsonl':
      return new JsonlTaskParser(fileName, sink);
    case 'csv':
      return new CsvTaskParser(fileName, sink, ',');
    case 'tsv':
      return new CsvTaskParser(fileName, sink, '\t');
    case 'txt':
      return new TxtTaskParser(fileName, sink, options.dataKey);
  }
}

/**
 * One task file fed as text pieces: strips a BOM, reports a blank file, picks
 * the format (extension, else sniffing), then hands the text to that format's
 * parser. The whole-text and the streaming importer both run through here, so
 * they give the same tasks and issues.
 */
export class TaskImporter implements IncrementalParser {
  private parser: IncrementalParser | undefined;
  private head: string[] = [];
  private atStart = true;
  private sawContent = false;
  private issueCount = 0;
  /** Counts issues and drops those past the limit. */
  private readonly sink: TaskSink;
  private readonly format: TaskFileFormat | undefined;

  constructor(
    private readonly fileName: string,
    private readonly options: ImportOptions,
    private readonly out: TaskSink,
  ) {
    this.format = formatFromName(fileName);
    this.sink = {
      task: (task) => out.task(task),
      issue: (issue) => {
        this.issueCount++;
        if (this.issueCount <= MAX_ISSUES_PER_FILE) out.issue(issue);
      },
    };
  }

  get stopped(): boolean {
    return this.parser?.stopped ?? false;
  }

  push(text: string): void {
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this.parser) {
      if (!this.parser.stopped) this.parser.push(text);
      return;
    }
    this.head.push(text);
    if (!this.sawContent) this.sawContent = /\S/.test(text);
    if (!this.sawContent) return;
    if (this.format) {
      this.start(this.format);
      return;
    }
    const head = this.head.join('');
    this.head = [head];
    if (canSniff(head)) this.start(sniffFormat(head));
  }

  end(): void {
    if (!this.parser && !this.sawContent) {
      this.sink.issue(makeIssue(this.fileName, {}, 'empty file'));
      return;
    }
    const parser = this.parser ?? this.start(this.format ?? sniffFormat(this.head.join('')));
    parser.end();
    const hidden = this.issueCount - MAX_ISSUES_PER_FILE;
    if (hidden > 0) {
      const text = `${hidden} more problem${hidden > 1 ? 's' : ''} not listed`;
      this.out.issue(makeIssue(this.fileName, {}, text));
    }
  }

  private start(format: TaskFileFormat): IncrementalParser {
    const parser = createParser(format, this.fileName, this.sink, this.options);
    this.parser = parser;
    const head = this.head.join('');
    this.head = [];
    if (!parser.stopped) parser.push(head);
    return parser;
  }
}
