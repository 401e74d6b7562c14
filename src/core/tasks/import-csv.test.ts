import { describe, expect, it } from 'vitest';
import { importTaskFile } from './import-task-file';

describe('CSV/TSV import', () => {
  it('uses the header as data keys and keeps every value a string', () => {
    const result = importTaskFile('t.csv', 'image,score\nhttp://h/a.jpg,0.5\nhttp://h/b.jpg,10\n');
    expect(result).toEqual({
      tasks: [
        { data: { image: 'http://h/a.jpg', score: '0.5' } },
        { data: { image: 'http://h/b.jpg', score: '10' } },
      ],
      issues: [],
    });
  });

  it('handles quoted fields with delimiters, embedded newlines and doubled quotes, a BOM and CRLF', () => {
    const text = '\uFEFFtext,label\r\n"Hello, ""world""","a\r\nb"\r\nplain,x\r\n';
    expect(importTaskFile('t.csv', text).tasks).toEqual([
      { data: { text: 'Hello, "world"', label: 'a\r\nb' } },
      { data: { text: 'plain', label: 'x' } },
    ]);
  });

  it('reports ragged rows by line (counting embedded newlines) and loads the others', () => {
    const text = 'a,b\n"1\n2",x\nonly-one\n3,4\n5,6,7\n\n8,9';
    const result = importTaskFile('rows.csv', text);
    expect(result.tasks).toEqual([
      { data: { a: '1\n2', b: 'x' } },
      { data: { a: '3', b: '4' } },
      { data: { a: '8', b: '9' } },
    ]);
    expect(result.issues).toEqual([
      {
        file: 'rows.csv',
        line: 4,
        message: "rows.csv, line 4: expected 2 fields (the header's columns), found 1",
      },
      {
        file: 'rows.csv',
        line: 6,
        message: "rows.csv, line 6: expected 2 fields (the header's columns), found 3",
      },
    ]);
  });

  it('reports a badly quoted row', () => {
    const result = importTaskFile('q.csv', 'a,b\n1,2\n"x"y,3\n');
    expect(result.tasks).toEqual([{ data: { a: '1', b: '2' } }]);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.line).toBe(3);
    expect(result.issues[0]?.message).toContain('q.csv, line 3: ');
  });

  it('reads TSV with tabs inside quotes', () => {
    const text = 'text\tlabel\n"a\tb"\tpos\nc\tneg\n';
    expect(importTaskFile('t.tsv', text).tasks).toEqual([
      { data: { text: 'a\tb', label: 'pos' } },
      { data: { text: 'c', label: 'neg' } },
    ]);
  });

  it('renames a repeated column, ignores an unnamed one and says so', () => {
    const result = importTaskFile('h.csv', ',x,x\n0,a,b\n');
    expect(result.tasks).toEqual([{ data: { x: 'a', x_1: 'b' } }]);
    expect(result.issues.map((i) => i.message)).toEqual([
      'h.csv, line 1: column 3 repeats the name "x"; its values go to "x_1"',
      'h.csv, line 1: column 1 has no name; the values there are ignored',
    ]);
  });

  it('says when there is a header but no rows', () => {
    expect(importTaskFile('h.csv', 'image\n').issues[0]?.message).toBe(
      'h.csv, line 1: no data rows below the header',
    );
  });

  it('reads old Mac files with lone CR line ends', () => {
    expect(importTaskFile('m.csv', 'a,b\r1,2\r3,4').tasks).toEqual([
      { data: { a: '1', b: '2' } },
      { data: { a: '3', b: '4' } },
    ]);
  });
});

describe('CSV line breaks', () => {
  it('are taken from the first break outside quotes', () => {
    const text = '"multi\nline header",b\r\n1,2\r\n';
    expect(importTaskFile('h.csv', text)).toEqual({
      tasks: [{ data: { 'multi\nline header': '1', b: '2' } }],
      issues: [],
    });
  });
});
