import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import {
  IMPRESSION_SQL,
  isImpression,
  isReadmeImpression,
  README_IMPRESSION_SQL,
  SOURCE_CLASSES,
  type SourceClass,
} from '../src/impressions';
import { counterOf } from './worker';

describe("the impression rule's SQL forms", () => {
  it('select in SQLite exactly the views the TypeScript rule counts', async () => {
    const views = ['readme', 'docs', 'readme-old'].flatMap((page) => SOURCE_CLASSES.map((source) => ({ page, source })));
    const selected = await runInDurableObject(counterOf('rule-co', 'sql'), (_instance, state) => {
      const sql = state.storage.sql;
      sql.exec('CREATE TABLE rule_check (page TEXT, source TEXT)');
      for (const view of views) sql.exec('INSERT INTO rule_check VALUES (?, ?)', view.page, view.source);
      const select = (where: string) =>
        sql
          .exec<{ page: string; source: SourceClass }>(`SELECT page, source FROM rule_check WHERE ${where}`)
          .toArray()
          .map((row) => ({ ...row }));
      return { any: select(IMPRESSION_SQL), readme: select(README_IMPRESSION_SQL) };
    });
    expect(selected.any).toEqual(views.filter((view) => isImpression(view.source)));
    expect(selected.readme).toEqual(views.filter(isReadmeImpression));
    expect(selected.readme.length).toBeGreaterThan(0);
  });
});
