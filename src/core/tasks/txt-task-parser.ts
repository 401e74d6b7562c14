import { dataAtPath } from '../config/data-path';
import { makeIssue } from './issue-text';
import { LineSplitter } from './line-splitter';
import type { IncrementalParser, TaskSink } from './parser-types';

/** TXT: one task per non-empty line (trimmed), stored under the config's first data key. */
export class TxtTaskParser implements IncrementalParser {
  readonly stopped: boolean;
  private readonly lines: LineSplitter;

  constructor(fileName: string, sink: TaskSink, dataKey: string | undefined) {
    this.stopped = dataKey === undefined || dataKey === '';
    if (this.stopped) {
      const text =
        'a TXT file puts each line into the labeling config\'s first data key (like "$image"): load the labeling config first';
      sink.issue(makeIssue(fileName, {}, text));
    }
    const key = dataKey ?? '';
    this.lines = new LineSplitter((line) => {
      const value = line.trim();
      if (value !== '') sink.task({ data: dataAtPath(key, value) });
    });
  }

  push(text: string): void {
    if (!this.stopped) this.lines.push(text);
  }

  end(): void {
    if (!this.stopped) this.lines.end();
  }
}
