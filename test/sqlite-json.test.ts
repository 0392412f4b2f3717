import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { jsonBatches, rowsAsJson } from '../src/counter/sqlite-json';
import { counterOf } from './worker';

describe('JSON in and out of SQLite', () => {
  it('reads rows as one JSON value, and one by one where that value would pass 2 MB', async () => {
    await runInDurableObject(counterOf('sqlite-json', 'rows'), (_instance, state) => {
      const sql = state.storage.sql;
      sql.exec('CREATE TABLE rows_test (day TEXT, label TEXT, n INTEGER, PRIMARY KEY (day, label)) WITHOUT ROWID');
      const rows = Array.from({ length: 30_000 }, (_, i) => ({
        day: `2026-01-${String(1 + (i % 28)).padStart(2, '0')}`,
        label: `label-${String(i).padStart(6, '0')}-${'x'.repeat(60)}`,
        n: i,
      }));
      for (const batch of jsonBatches(rows)) {
        sql.exec(
          "INSERT INTO rows_test SELECT json_extract(value, '$.day'), json_extract(value, '$.label'), json_extract(value, '$.n') FROM json_each(?)",
          batch,
        );
      }
      const query = 'SELECT day, label, n FROM rows_test WHERE day BETWEEN ? AND ? ORDER BY day, label';
      const expected = sql.exec(query, '2026-01-01', '2026-01-31').toArray();
      expect(JSON.stringify(expected).length).toBeGreaterThan(2 * 1024 * 1024);
      expect(rowsAsJson(sql, query, ['day', 'label', 'n'], '2026-01-01', '2026-01-31')).toEqual(expected);
      const oneDay = sql.exec(query, '2026-01-03', '2026-01-03').toArray();
      expect(oneDay.length).toBeGreaterThan(1000);
      expect(rowsAsJson(sql, query, ['day', 'label', 'n'], '2026-01-03', '2026-01-03')).toEqual(oneDay);
      expect(rowsAsJson(sql, query, ['day', 'label', 'n'], '2027-01-01', '2027-01-31')).toEqual([]);
    });
  });

  it('batches rows into JSON arrays of ~500 KB, none when there are none', () => {
    expect(jsonBatches([])).toEqual([]);
    const rows = Array.from({ length: 3_000 }, (_, i) => ({ i, text: 'y'.repeat(400) }));
    const batches = jsonBatches(rows);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.every((batch) => batch.length <= 500_000 + 500)).toBe(true);
    expect(batches.flatMap((batch) => JSON.parse(batch) as unknown[])).toEqual(rows);
  });
});
