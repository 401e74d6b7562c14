// Engines report JSON syntax errors differently: V8 gives "at position N" for
// most errors but only a snippet for "Unexpected token"; Firefox gives line and
// column. This finds the offset in every case.

export interface JsonSyntaxError {
  /** UTF-16 offset of the error in the parsed text. */
  offset: number;
  /** The engine's explanation without its own position or snippet. */
  reason: string;
}

/** Drops the parts of an engine message that refer to the parsed fragment. */
function cleanReason(message: string): string {
  return message
    .replace(/^JSON\.parse: /, '')
    .replace(/ at line \d+ column \d+ of the JSON data$/, '')
    .replace(/(?: in JSON)? at position \d+.*$/s, '')
    .replace(/^(.*?), (?:\.\.\.)?".*" is not valid JSON$/s, '$1');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function offsetOfLineColumn(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/** True when JSON.parse(text) fails for that same reason. */
function failsWith(text: string, reason: string): boolean {
  try {
    JSON.parse(text);
    return false;
  } catch (error) {
    return cleanReason(messageOf(error)) === reason;
  }
}

/**
 * Locates the error that `JSON.parse(text)` threw. Without a position in the
 * message, the shortest prefix failing the same way ends at the bad character:
 * JSON parsers read left to right, so shorter prefixes are still valid so far.
 */
export function locateJsonError(text: string, error: unknown): JsonSyntaxError {
  const message = messageOf(error);
  const reason = cleanReason(message);
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] !== undefined) {
    return { offset: Math.min(Number(position[1]), text.length), reason };
  }
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn?.[1] !== undefined && lineColumn[2] !== undefined) {
    const offset = offsetOfLineColumn(text, Number(lineColumn[1]), Number(lineColumn[2]));
    return { offset, reason };
  }
  if (/end of (JSON )?(input|data)/i.test(message)) return { offset: text.length, reason };
  let low = 1;
  let high = text.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (failsWith(text.slice(0, mid), reason)) high = mid;
    else low = mid + 1;
  }
  return { offset: Math.max(0, high - 1), reason };
}

export interface TextPos {
  line: number;
  column: number;
}

/** Line and column of `offset` in `text`, where text[0] sits at `start`. */
export function positionIn(text: string, start: TextPos, offset: number): TextPos {
  let line = start.line;
  let lineStart = -1;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl;
  }
  const column = lineStart < 0 ? start.column + offset : offset - lineStart;
  return { line, column };
}
