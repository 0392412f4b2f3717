import { CsvError, parse } from 'csv-parse/sync';

/** One CSV record and the line it ends on, so that every problem can be reported where the file shows it. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export type CsvRead = { ok: true; header: string[]; records: CsvRecord[] } | { ok: false; line: number; error: string };

/**
 * Reads CSV text (RFC 4180 quoting, a byte-order mark allowed, blank lines skipped) into its header and records.
 * Records keep whatever number of fields they have: the caller reports a wrong count per line. A record longer
 * than `maxRecordChars` or a quote never closed stops the read, at the line where it happened. Pure.
 */
export function readCsv(text: string, maxRecordChars: number): CsvRead {
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // With `info`, csv-parse returns { record, info } per row; its typings only describe plain records.
    rows = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, max_record_size: maxRecordChars }) as unknown as typeof rows;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 1;
    return { ok: false, line, error: describeCsvError(error.code, maxRecordChars) };
  }
  const [first, ...rest] = rows;
  if (!first) return { ok: false, line: 1, error: 'the file is empty: its first line must name the columns' };
  return { ok: true, header: first.record.map((name) => name.trim()), records: rest.map((row) => ({ line: row.info.lines, fields: row.record })) };
}

function describeCsvError(code: string, maxRecordChars: number): string {
  if (code === 'CSV_MAX_RECORD_SIZE') return `a row longer than ${maxRecordChars} characters`;
  if (code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is never closed';
  return `not CSV (${code})`;
}
