import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { StatusRow } from '../src/counter/status-row';
import { emptyStatus, type RepoStatus } from '../src/records/repo-status';
import { counterOf } from './worker';

const refreshedAt = (at: string): RepoStatus => ({ ...emptyStatus(), lastRefreshAt: at, etags: { views: 'W/"1"' } });

describe('the status row, kept parsed', () => {
  it('reads what was last written, and writes only a status that differs', async () => {
    await runInDurableObject(counterOf('status-row', 'writes'), (_instance, state) => {
      const row = new StatusRow(state.storage.sql);
      const first = refreshedAt('2026-12-01T00:00:00.000Z');
      expect(row.write(first)).toBe(true);
      expect(row.read()).toEqual(first);
      expect(row.write(refreshedAt('2026-12-01T00:00:00.000Z'))).toBe(false);
      const second = refreshedAt('2026-12-02T00:00:00.000Z');
      expect(row.write(second)).toBe(true);
      expect(row.read()).toEqual(second);
      // Another reader of the same storage (the object started afresh) reads the same row.
      expect(new StatusRow(state.storage.sql).read()).toEqual(second);
    });
  });

  it('fills in the fields an older row lacks, and exists only once written', async () => {
    await runInDurableObject(counterOf('status-row', 'older'), (_instance, state) => {
      const row = new StatusRow(state.storage.sql);
      expect(row.exists()).toBe(false);
      expect(row.read()).toEqual(emptyStatus());
      state.storage.sql.exec(
        'INSERT INTO repo_status (id, value) VALUES (1, ?)',
        JSON.stringify({ lastRefreshAt: '2026-11-01T00:00:00.000Z' }),
      );
      const fresh = new StatusRow(state.storage.sql);
      expect(fresh.exists()).toBe(true);
      expect(fresh.read()).toEqual({ ...emptyStatus(), lastRefreshAt: '2026-11-01T00:00:00.000Z' });
    });
  });

  it('hands out a status no reader can change for the next', async () => {
    await runInDurableObject(counterOf('status-row', 'frozen'), (_instance, state) => {
      const row = new StatusRow(state.storage.sql);
      row.write(refreshedAt('2026-12-01T00:00:00.000Z'));
      const read = row.read();
      read.lastRefreshAt = 'changed by a reader';
      expect(() => {
        (read.etags as Record<string, string>).views = 'changed by a reader';
      }).toThrow(TypeError);
      expect(row.read()).toEqual(refreshedAt('2026-12-01T00:00:00.000Z'));
    });
  });

  it('reads what was written as the row holds it, whatever the writer does with its object afterwards', async () => {
    await runInDurableObject(counterOf('status-row', 'written'), (_instance, state) => {
      const row = new StatusRow(state.storage.sql);
      const written = { ...refreshedAt('2026-12-01T00:00:00.000Z'), message: undefined } as unknown as RepoStatus;
      row.write(written);
      written.etags.views = 'changed by the writer';
      // JSON leaves out an undefined field: the filled-in default is read, as from the row.
      expect(row.read()).toEqual({ ...refreshedAt('2026-12-01T00:00:00.000Z'), message: null });
      expect(new StatusRow(state.storage.sql).read()).toEqual(row.read());
    });
  });

  it('forgets what a rolled-back transaction read, so the row and the reads agree again', async () => {
    await runInDurableObject(counterOf('status-row', 'rollback'), (_instance, state) => {
      const row = new StatusRow(state.storage.sql);
      const kept = refreshedAt('2026-12-01T00:00:00.000Z');
      row.write(kept);
      expect(() =>
        state.storage.transactionSync(() => {
          row.write(refreshedAt('2026-12-09T00:00:00.000Z'));
          expect(row.read().lastRefreshAt).toBe('2026-12-09T00:00:00.000Z');
          throw new Error('a later write of the same transaction failed');
        }),
      ).toThrow('a later write');
      row.forget();
      expect(row.read()).toEqual(kept);
      expect(row.write(kept)).toBe(false);
    });
  });

  it('starts afresh once its object is cleared: no status, and a new one written and read', async () => {
    const counter = counterOf('status-row', 'cleared');
    const before = refreshedAt('2026-12-01T00:00:00.000Z');
    await counter.saveRecords({ status: before });
    expect(await counter.status()).toEqual(before);
    await counter.clear();
    expect(await counter.status()).toEqual(emptyStatus());
    const after = refreshedAt('2026-12-05T00:00:00.000Z');
    expect((await counter.saveRecords({ status: after })).statusWritten).toBe(true);
    expect(await counter.status()).toEqual(after);
  });
});
