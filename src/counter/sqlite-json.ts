// JSON in and out of a Durable Object's SQLite: rows in batches, rows out in one value.

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

/**
 * The rows of `query` as one JSON array of objects of `columns`, built by SQLite, as text; null where that one
 * value would pass SQLite's 2 MB a value.
 */
export function jsonArrayOf(sql: SqlStorage, query: string, columns: readonly string[], ...bindings: SqlStorageValue[]): string | null {
  const object = columns.map((column) => `'${column}', ${column}`).join(', ');
  try {
    return sql
      .exec<{ json: string }>(`SELECT COALESCE(json_group_array(json_object(${object})), '[]') AS json FROM (${query})`, ...bindings)
      .one().json;
  } catch (error) {
    if (error instanceof Error && error.message.includes('SQLITE_TOOBIG')) return null;
    throw error;
  }
}

/**
 * The rows of `query` as objects of `columns`, built by SQLite as one JSON array and parsed once: 270 rows read
 * one by one cost ~0.8 ms of a refresh. Where the array would pass SQLite's 2 MB a value, they are read one by one.
 */
export function rowsAsJson<T>(sql: SqlStorage, query: string, columns: readonly string[], ...bindings: SqlStorageValue[]): T[] {
  const json = jsonArrayOf(sql, query, columns, ...bindings);
  return json === null ? (sql.exec(query, ...bindings).toArray() as unknown as T[]) : (JSON.parse(json) as T[]);
}
