import { describe, expect, it } from 'vitest';
import { parsePythonDictLiteral, parsePythonLiteral, PythonLiteralError } from './python-literal';

describe('parsePythonDictLiteral', () => {
  it('parses Ultralytics names with integer keys', () => {
    expect(parsePythonDictLiteral("{0: 'person', 1: 'bicycle', 2: 'traffic light'}")).toEqual({
      '0': 'person',
      '1': 'bicycle',
      '2': 'traffic light',
    });
  });

  it('handles double quotes, escapes and non-ASCII names', () => {
    expect(
      parsePythonDictLiteral(`{0: "it's", 1: 'a\\'b', 2: 'tab\\there', 3: 'café', 4: '\\xe9'}`),
    ).toEqual({
      '0': "it's",
      '1': "a'b",
      '2': 'tab\there',
      '3': 'café',
      '4': 'é',
    });
  });

  it('parses nested values as in Ultralytics `args`', () => {
    expect(
      parsePythonDictLiteral(
        "{'batch': 1, 'half': False, 'nms': True, 'data': None, 'imgsz': [640, 480], 'f': 1.5e-3, 'p': (1,)}",
      ),
    ).toEqual({
      batch: 1,
      half: false,
      nms: true,
      data: null,
      imgsz: [640, 480],
      f: 0.0015,
      p: [1],
    });
  });

  it('accepts an empty dict and a trailing comma', () => {
    expect(parsePythonDictLiteral('{}')).toEqual({});
    expect(parsePythonDictLiteral("{0: 'a',}")).toEqual({ '0': 'a' });
  });

  it('rejects non-literals and non-dicts with a positioned error', () => {
    expect(() => parsePythonDictLiteral("{0: os.system('x')}")).toThrow(PythonLiteralError);
    expect(() => parsePythonDictLiteral("{0: 'unterminated}")).toThrow(/unterminated/);
    expect(() => parsePythonDictLiteral("['a']")).toThrow(/expected a dict/);
    expect(() => parsePythonDictLiteral("{0: 'a'} extra")).toThrow(/trailing/);
  });
});

describe('parsePythonLiteral', () => {
  it('parses scalars', () => {
    expect(parsePythonLiteral('640')).toBe(640);
    expect(parsePythonLiteral('-0.5')).toBe(-0.5);
    expect(parsePythonLiteral('True')).toBe(true);
  });
});
