import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    [42, '42'],
    [0.125, '0.125'],
    [null, ''],
    [undefined, ''],
    [Number.NaN, ''],
    ['with,comma', '"with,comma"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['-1', "'-1"],
    [-1, '-1'],
  ])('%j → %s', (value, cell) => expect(csvCell(value)).toBe(cell));

  it('writes a header row and CRLF lines', () => {
    expect(toCsv(['day', 'views'], [{ day: '2026-01-01', views: 3 }, { day: '2026-01-02' }])).toBe(
      'day,views\r\n2026-01-01,3\r\n2026-01-02,\r\n',
    );
  });
});
