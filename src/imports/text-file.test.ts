import { describe, expect, it } from 'vitest';
import { decodeTextFile } from './text-file';

const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));

describe('decodeTextFile', () => {
  it.each([
    ['plain UTF-8', bytes('a,b\nc,d\n'), 'a,b\nc,d\n'],
    ['UTF-8 with a byte-order mark, which is dropped', bytes([0xef, 0xbb, 0xbf], 'a,b\n'), 'a,b\n'],
    ['non-ASCII text', bytes('Zürich,1\n'), 'Zürich,1\n'],
  ])('reads %s', (_name, input, text) => {
    expect(decodeTextFile(input)).toEqual({ ok: true, text });
  });

  it.each([
    ['Latin-1 bytes on lines 2 and 4', bytes('a,b\n', [0x5a, 0xfc, 0x72], '\nok\n', [0xe9], '\n'), [2, 4], 'not UTF-8'],
    ['UTF-16 with its byte-order mark', bytes([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00]), [1], 'not UTF-8'],
    ['UTF-16 without one (NUL bytes)', bytes([0x61, 0x00, 0x2c, 0x00, 0x0a, 0x00, 0x62, 0x00]), [1], 'NUL bytes'],
  ])('rejects %s, saying on which lines', (_name, input, lines, error) => {
    expect(decodeTextFile(input)).toEqual({ ok: false, lines, error: expect.stringContaining(error) });
  });
});
