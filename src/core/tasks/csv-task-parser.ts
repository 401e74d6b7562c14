import Papa from 'papaparse';
import { makeIssue } from './issue-text';
import { NewlineDetector, type Newline } from './newline-detector';
import type { IncrementalParser, TaskSink } from './parser-types';
import { setOwn } from './set-own';

interface PapaRowResult {
  data: string[][];
  errors: Array<{ message: string }>;
  meta: { cursor: number };
}

const BIG_PARTIAL = 1 << 20;

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * CSV/TSV: header row = data keys, one task per row, values stay strings (as
 * Label Studio keeps them). Uses papaparse's low-level parser the way its own
 * chunk streamer does: parse what has arrived, keep the incomplete last row
 * for the next piece. A ragged or badly quoted row is reported and skipped.
 */
export class CsvTaskParser implements IncrementalParser {
  readonly stopped = false;
  private parser: Papa.Parser | undefined;
  private readonly newline = new NewlineDetector();
  private newlineChar = '\n';
  /** Text held back until it can complete a row. */
  private pending: string[] = [];
  private pendingLength = 0;
  /** The incomplete last row papaparse left, starting at `baseIndex`. */
  private partial = '';
  private baseIndex = 0;
  private current = '';
  /** Line breaks are counted up to this absolute offset… */
  private countedTo = 0;
  /** …where this line starts. */
  private line = 1;
  private header: string[] | undefined;
  private headerLine = 0;
  private columns: Array<string | undefined> = [];
  private rows = 0;

  constructor(
    private readonly fileName: string,
    private readonly sink: TaskSink,
    private readonly delimiter: ',' | '\t',
  ) {}

  push(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (!this.parser) {
      if (!this.newline.push(text)) return;
    } else if (!text.includes(this.newlineChar)) {
      return; // a row can only complete in a piece that holds a line break
    }
    // A badly quoted field can hold back the rest of the file as one row;
    // re-parsing it only once the new text is as long keeps the cost linear.
    if (this.partial.length > BIG_PARTIAL && this.pendingLength < this.partial.length) return;
    this.parse(false);
  }

  end(): void {
    this.parse(true);
    if (this.header === undefined) {
      this.sink.issue(makeIssue(this.fileName, {}, 'no header row with column names'));
    } else if (this.rows === 0) {
      const place = { line: this.headerLine };
      this.sink.issue(makeIssue(this.fileName, place, 'no data rows below the header'));
    }
  }

  private parse(final: boolean): void {
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    const parser = this.parser ?? this.createParser(this.newline.result());
    const aggregate = this.partial + text;
    this.current = aggregate;
    const result = parser.parse(aggregate, this.baseIndex, !final) as PapaRowResult;
    if (!final) {
      this.partial = aggregate.substring(result.meta.cursor - this.baseIndex);
      this.baseIndex = result.meta.cursor;
    }
  }

  private createParser(newline: Newline): Papa.Parser {
    this.newlineChar = newline === '\r' ? '\r' : '\n';
    this.parser = new Papa.Parser({
      delimiter: this.delimiter,
      newline,
      quoteChar: '"',
      step: (result) => this.onRow(result as unknown as PapaRowResult),
    });
    return this.parser;
  }

  private onRow(result: PapaRowResult): void {
    const row = result.data[0] ?? [];
    // Rows are contiguous: the count so far ends where this row starts.
    const line = this.line;
    this.countLinesTo(result.meta.cursor);
    if (row.every((field) => field === '')) return;
    const error = result.errors[0];
    if (error !== undefined) {
      this.sink.issue(makeIssue(this.fileName, { line }, lowerFirst(error.message)));
      return;
    }
    if (this.header === undefined) {
      this.setHeader(row, line);
      return;
    }
    if (row.length !== this.header.length) {
      const text = `expected ${this.header.length} fields (the header's columns), found ${row.length}`;
      this.sink.issue(makeIssue(this.fileName, { line }, text));
      return;
    }
    const data: Record<string, unknown> = {};
    row.forEach((value, i) => {
      const key = this.columns[i];
      if (key !== undefined) setOwn(data, key, value);
    });
    this.rows++;
    this.sink.task({ data });
  }

  private setHeader(row: string[], line: number): void {
    this.header = row;
    this.headerLine = line;
    const used = new Set(row);
    const seen = new Set<string>();
    const unnamed: number[] = [];
    this.columns = row.map((name, i) => {
      if (name === '') {
        unnamed.push(i + 1);
        return undefined;
      }
      if (!seen.has(name)) {
        seen.add(name);
        return name;
      }
      let n = 1;
      while (used.has(`${name}_${n}`)) n++;
      const renamed = `${name}_${n}`;
      used.add(renamed);
      const text = `column ${i + 1} repeats the name "${name}"; its values go to "${renamed}"`;
      this.sink.issue(makeIssue(this.fileName, { line }, text));
      return renamed;
    });
    if (unnamed.length > 0) {
      const text = `column ${unnamed.join(', ')} ${unnamed.length > 1 ? 'have' : 'has'} no name; the values there are ignored`;
      this.sink.issue(makeIssue(this.fileName, { line }, text));
    }
  }

  private countLinesTo(offset: number): void {
    const text = this.current;
    const to = offset - this.baseIndex;
    let i = text.indexOf(this.newlineChar, this.countedTo - this.baseIndex);
    while (i !== -1 && i < to) {
      this.line++;
      i = text.indexOf(this.newlineChar, i + 1);
    }
    this.countedTo = offset;
  }
}
