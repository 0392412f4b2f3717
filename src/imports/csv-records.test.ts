import { describe, expect, it } from 'vitest';
import { readCsv } from './csv-records';

describe('readCsv', () => {
  it.each([
    [
      'LF, no final line break',
      'a,b\n1,2\n3,4',
      [
        { line: 2, fields: ['1', '2'] },
        { line: 3, fields: ['3', '4'] },
      ],
    ],
    ['CRLF and a byte-order mark', '\ufeffa,b\r\n1,2\r\n', [{ line: 2, fields: ['1', '2'] }]],
    [
      'empty lines skipped, line numbers kept',
      'a,b\n\n1,2\r\n\r\n3,4\n\n',
      [
        { line: 3, fields: ['1', '2'] },
        { line: 5, fields: ['3', '4'] },
      ],
    ],
    [
      'empty fields',
      'a,b\n,\n1,\n',
      [
        { line: 2, fields: ['', ''] },
        { line: 3, fields: ['1', ''] },
      ],
    ],
    [
      'a wrong number of fields, left to the caller',
      'a,b\n1,2,3\n1\n',
      [
        { line: 2, fields: ['1', '2', '3'] },
        { line: 3, fields: ['1'] },
      ],
    ],
    [
      'quoted fields: commas, doubled quotes, a line break inside',
      'a,b\n"x,y","say ""hi"""\r\n"two\nlines",z\n"",last\n',
      [
        { line: 2, fields: ['x,y', 'say "hi"'] },
        { line: 3, fields: ['two\nlines', 'z'] },
        { line: 5, fields: ['', 'last'] },
      ],
    ],
  ])('reads %s', (_name, text, records) => {
    expect(readCsv(text, 100)).toEqual({ ok: true, header: ['a', 'b'], records });
  });

  it('trims the column names', () => {
    expect(readCsv(' a , b\n', 100)).toEqual({ ok: true, header: ['a', 'b'], records: [] });
  });

  it.each([
    ['an empty file', '', 1, 'the file is empty: its first line must name the columns'],
    ['only empty lines', '\n\r\n\n', 1, 'the file is empty: its first line must name the columns'],
    ['a row over the limit', `a,b\n1,2\n${'9'.repeat(101)}\n`, 3, 'a row longer than 100 characters'],
    ['a quoted row over the limit', `a,b\n"${'9'.repeat(120)}",1\n`, 2, 'a row longer than 100 characters'],
    ['a quote never closed', 'a,b\n1,2\n"3,4\n5,6\n', 3, 'a quoted field is never closed'],
  ])('stops at %s, saying where', (_name, text, line, error) => {
    expect(readCsv(text, 100)).toEqual({ ok: false, line, error });
  });
});
