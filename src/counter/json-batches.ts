/** How long one batch's JSON may grow: far below SQLite's 2 MB a value, which a Durable Object enforces. */
const BATCH_CHARS = 500_000;

/**
 * `values` as JSON arrays of at most ~BATCH_CHARS characters each (none when there are none), for statements
 * that take their rows as one JSON value (`json_each(?)`): one statement a batch, not one a row.
 */
export function jsonBatches(values: readonly unknown[]): string[] {
  const batches: string[] = [];
  let batch: string[] = [];
  let chars = 0;
  for (const value of values) {
    const json = JSON.stringify(value);
    if (chars + json.length > BATCH_CHARS && batch.length > 0) {
      batches.push(`[${batch.join(',')}]`);
      batch = [];
      chars = 0;
    }
    batch.push(json);
    chars += json.length + 1;
  }
  if (batch.length > 0) batches.push(`[${batch.join(',')}]`);
  return batches;
}
