import { describeJsonValue, makeIssue } from './issue-text';
import { locateJsonError, positionIn, type TextPos } from './json-syntax-error';
import { isPlainObject, normalizeTask } from './normalize-task';
import type { IncrementalParser, TaskSink } from './parser-types';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;

function isJsonSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  return i;
}

type Phase = 'start' | 'array' | 'after' | 'whole' | 'stopped';

/**
 * Label Studio JSON: a list of tasks or one task. A top-level list is split
 * into element texts while reading (tracking strings, escapes and nesting) and
 * each element is JSON.parse'd on its own, so a huge list never becomes one
 * huge string and the first tasks arrive early. Anything else is parsed whole.
 *
 * The first syntax error ends the import (one issue with line and column);
 * the records before it are kept, since a reader may already have passed them on.
 */
export class JsonTaskParser implements IncrementalParser {
  private phase: Phase = 'start';
  /** Absolute offset of the current chunk's first character. */
  private consumed = 0;
  private line = 1;
  private lineStart = 0;
  /** Text of the current element (or whole document) from earlier chunks. */
  private parts: string[] = [];
  private partStart: TextPos = { line: 1, column: 1 };
  private stack: number[] = [];
  private inString = false;
  private escaped = false;
  private records = 0;
  private sawComma = false;

  constructor(
    private readonly fileName: string,
    private readonly sink: TaskSink,
  ) {}

  get stopped(): boolean {
    return this.phase === 'stopped';
  }

  push(chunk: string): void {
    if (this.phase === 'whole') {
      this.parts.push(chunk);
    } else if (this.phase !== 'stopped') {
      this.scan(chunk);
    }
    this.consumed += chunk.length;
  }

  end(): void {
    const text = this.parts.join('');
    this.parts = [];
    if (this.phase === 'whole') this.endWhole(text);
    else if (this.phase === 'array') this.endInsideList(text);
    else if (this.phase === 'start') this.fail(this.here(0), 'Unexpected end of JSON input');
  }

  private scan(chunk: string): void {
    let seg = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.phase === 'array') {
        seg = this.scanListChar(chunk, i, c, seg);
      } else if (this.phase === 'start') {
        if (c === OPEN_BRACKET) {
          this.phase = 'array';
          seg = i + 1;
          this.partStart = this.here(i + 1);
        } else if (!isJsonSpace(c)) {
          this.phase = 'whole';
          this.partStart = this.here(i);
          this.parts.push(chunk.slice(i));
          return;
        }
      } else if (this.phase === 'after') {
        if (!isJsonSpace(c)) {
          this.fail(this.here(i), `Unexpected '${chunk[i]}' after the end of the task list`);
        }
      }
      if (this.phase === 'stopped') return;
      if (c === NEWLINE) {
        this.line++;
        this.lineStart = this.consumed + i + 1;
      }
    }
    if (this.phase === 'array' && seg < chunk.length) this.parts.push(chunk.slice(seg));
  }

  /** Handles one character inside the top-level list; returns where the current element's text starts in this chunk. */
  private scanListChar(chunk: string, i: number, c: number, seg: number): number {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === BACKSLASH) this.escaped = true;
      else if (c === QUOTE) this.inString = false;
      return seg;
    }
    switch (c) {
      case QUOTE:
        this.inString = true;
        break;
      case OPEN_BRACE:
      case OPEN_BRACKET:
        this.stack.push(c);
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET: {
        const open = this.stack.pop();
        if (open === undefined && c === CLOSE_BRACKET) {
          this.endElement(this.takeElement(chunk, seg, i), chunk, i, true);
          if (this.phase === 'array') this.phase = 'after';
        } else if (open !== (c === CLOSE_BRACE ? OPEN_BRACE : OPEN_BRACKET)) {
          this.failElement(this.takeElement(chunk, seg, i + 1), chunk, i);
        }
        break;
      }
      case COMMA:
        if (this.stack.length === 0) {
          this.endElement(this.takeElement(chunk, seg, i), chunk, i, false);
          this.sawComma = true;
          this.partStart = this.here(i + 1);
          return i + 1;
        }
        break;
    }
    return seg;
  }

  private takeElement(chunk: string, seg: number, endIndex: number): string {
    const piece = chunk.slice(seg, endIndex);
    const text = this.parts.length > 0 ? this.parts.join('') + piece : piece;
    this.parts = [];
    return text;
  }

  private endElement(text: string, chunk: string, i: number, closing: boolean): void {
    const start = firstNonSpace(text);
    if (start === text.length) {
      const emptyList = closing && this.records === 0 && !this.sawComma;
      if (!emptyList) this.fail(this.here(i), `Unexpected '${chunk[i]}'`);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.failAt(text, this.partStart, error);
      return;
    }
    this.records++;
    const line = positionIn(text, this.partStart, start).line;
    const result = normalizeTask(value);
    if ('task' in result) this.sink.task(result.task);
    else this.sink.issue(makeIssue(this.fileName, { record: this.records, line }, result.problem));
  }

  /** A closing bracket that does not match: JSON.parse names the error. */
  private failElement(text: string, chunk: string, i: number): void {
    try {
      JSON.parse(text);
    } catch (error) {
      this.failAt(text, this.partStart, error);
      return;
    }
    this.fail(this.here(i), `Unexpected '${chunk[i]}'`);
  }

  private endInsideList(text: string): void {
    const unclosed = "Unexpected end of JSON input: the task list has no closing ']'";
    if (firstNonSpace(text) === text.length && !this.inString && this.stack.length === 0) {
      this.fail(this.here(0), unclosed);
      return;
    }
    try {
      JSON.parse(text);
    } catch (error) {
      this.failAt(text, this.partStart, error);
      return;
    }
    this.fail(this.here(0), unclosed);
  }

  private endWhole(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.failAt(text, this.partStart, error, ' (one task per line? name the file .jsonl)');
      return;
    }
    const line = this.partStart.line;
    if (!isPlainObject(value)) {
      const problem = `expected a list of tasks or one task object, found ${describeJsonValue(value)}`;
      this.sink.issue(makeIssue(this.fileName, { line }, problem));
      return;
    }
    const result = normalizeTask(value);
    if ('task' in result) this.sink.task(result.task);
    else this.sink.issue(makeIssue(this.fileName, { line }, result.problem));
  }

  /** Position of chunk index i (relative to the current chunk). */
  private here(i: number): TextPos {
    return { line: this.line, column: this.consumed + i - this.lineStart + 1 };
  }

  private failAt(text: string, start: TextPos, error: unknown, trailingDataHint = ''): void {
    const { offset, reason } = locateJsonError(text, error);
    const hint = reason.startsWith('Unexpected non-whitespace') ? trailingDataHint : '';
    this.fail(positionIn(text, start, offset), reason + hint);
  }

  private fail(pos: TextPos, reason: string): void {
    this.phase = 'stopped';
    this.parts = [];
    this.sink.issue(makeIssue(this.fileName, pos, `invalid JSON: ${reason}`));
  }
}
