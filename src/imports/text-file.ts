export type TextFile = { ok: true; text: string } | { ok: false; lines: number[]; error: string };

const MAX_LINES_REPORTED = 20;

/**
 * Decodes an uploaded file as UTF-8, strictly: a file in another encoding would otherwise be read as replacement
 * characters and stored. When it is not UTF-8, says on which lines (the first few) so the user can find them. Pure.
 */
export function decodeTextFile(bytes: Uint8Array): TextFile {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    const text = decoder.decode(bytes);
    // UTF-16 text without a byte-order mark decodes as UTF-8 with a NUL in every other byte.
    if (text.includes('\u0000'))
      return {
        ok: false,
        lines: [lineOf(text, text.indexOf('\u0000'))],
        error: 'contains NUL bytes: save it as UTF-8 text (is it UTF-16?)',
      };
    return { ok: true, text };
  } catch {
    return { ok: false, lines: linesNotUtf8(bytes, decoder), error: 'not UTF-8 text: save it as UTF-8' };
  }
}

function linesNotUtf8(bytes: Uint8Array, decoder: TextDecoder): number[] {
  const lines: number[] = [];
  let start = 0;
  for (let line = 1; start <= bytes.length && lines.length < MAX_LINES_REPORTED; line++) {
    const newline = bytes.indexOf(0x0a, start);
    const end = newline === -1 ? bytes.length : newline;
    try {
      decoder.decode(bytes.subarray(start, end));
    } catch {
      lines.push(line);
    }
    start = end + 1;
  }
  return lines;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
