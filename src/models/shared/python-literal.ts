// Ultralytics stores `names` (and `args`) in ONNX metadata as Python literals,
// e.g. "{0: 'person', 1: \"it's\"}". This parses the literal subset that
// repr() produces for such values: dicts, lists, tuples, strings, numbers,
// True/False/None. Anything else is an error, never evaluated.

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

export class PythonLiteralError extends Error {
  constructor(message: string, text: string, pos: number) {
    super(`${message} at position ${pos} in ${JSON.stringify(text.slice(0, 60))}`);
    this.name = 'PythonLiteralError';
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

class Parser {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string): never {
    throw new PythonLiteralError(message, this.text, this.pos);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }

  peek(): string {
    this.skipSpace();
    return this.text[this.pos] ?? '';
  }

  expect(char: string): void {
    if (this.peek() !== char) this.fail(`expected '${char}'`);
    this.pos++;
  }

  value(): PyValue {
    const c = this.peek();
    if (c === '{') return this.dict();
    if (c === '[') return this.sequence('[', ']');
    if (c === '(') return this.sequence('(', ')');
    if (c === "'" || c === '"') return this.string();
    if (c === '-' || c === '+' || c === '.' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, val] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return val;
      }
    }
    return this.fail('unexpected input');
  }

  dict(): { [key: string]: PyValue } {
    this.expect('{');
    const out: { [key: string]: PyValue } = {};
    while (this.peek() !== '}') {
      const key = this.value();
      if (key !== null && typeof key === 'object') this.fail('unsupported dict key');
      this.expect(':');
      out[String(key)] = this.value();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') this.fail("expected ',' or '}'");
    }
    this.pos++;
    return out;
  }

  sequence(open: string, close: string): PyValue[] {
    this.expect(open);
    const out: PyValue[] = [];
    while (this.peek() !== close) {
      out.push(this.value());
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== close) this.fail(`expected ',' or '${close}'`);
    }
    this.pos++;
    return out;
  }

  string(): string {
    const quote = this.text[this.pos] as string;
    this.pos++;
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos++] as string;
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++] ?? '';
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) out += simple;
      else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = this.text.slice(this.pos, this.pos + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail('bad escape');
        out += String.fromCodePoint(parseInt(hex, 16));
        this.pos += len;
      } else out += '\\' + e; // Python keeps unknown escapes verbatim.
    }
    return this.fail('unterminated string');
  }

  number(): number {
    const match = /^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?/.exec(this.text.slice(this.pos));
    const literal = match?.[0] ?? '';
    const n = Number(literal.replace(/_/g, ''));
    if (literal === '' || !Number.isFinite(n)) this.fail('bad number');
    this.pos += literal.length;
    return n;
  }
}

/** Parses any supported Python literal. */
export function parsePythonLiteral(text: string): PyValue {
  const parser = new Parser(text);
  const value = parser.value();
  if (parser.peek() !== '') parser.fail('trailing input');
  return value;
}

/** Parses a Python dict literal; keys become strings ("0", "1", …). */
export function parsePythonDictLiteral(text: string): Record<string, PyValue> {
  const value = parsePythonLiteral(text);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PythonLiteralError('expected a dict', text, 0);
  }
  return value;
}
