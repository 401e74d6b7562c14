import { describe, expect, it } from 'vitest';
import { locateJsonError, positionIn } from './json-syntax-error';

function errorOf(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error(`${text} parsed`);
}

describe('locateJsonError', () => {
  it.each([
    ['{"a":1', 6],
    ['{"a":}', 5], // V8 names no position for "Unexpected token": found by bisection
    ['[1,]', 3],
    ['{"a":1} x', 8],
    ['tru', 3],
    ['"abc', 4],
  ])('finds the offset of the error in %j', (text, offset) => {
    expect(locateJsonError(text, errorOf(text)).offset).toBe(offset);
  });

  it('finds a late error in a long text, where V8 only shows a truncated snippet', () => {
    const text = `{"pad": "${'x'.repeat(500)}", "b": }`;
    const located = locateJsonError(text, errorOf(text));
    expect(located.offset).toBe(text.length - 1);
    expect(located.reason).not.toContain('xxx');
  });

  it('reads Firefox-style line and column and drops the engine wording', () => {
    const error = new SyntaxError(
      'JSON.parse: unexpected character at line 2 column 3 of the JSON data',
    );
    expect(locateJsonError('{\n  x}', error)).toEqual({
      offset: 4,
      reason: 'unexpected character',
    });
  });
});

describe('positionIn', () => {
  it('counts lines and columns from the fragment start', () => {
    expect(positionIn('abc', { line: 4, column: 10 }, 2)).toEqual({ line: 4, column: 12 });
    expect(positionIn('a\nbc\nd', { line: 4, column: 10 }, 6)).toEqual({ line: 6, column: 2 });
  });
});
