import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batchOf, makeTransaction } from '../../../test/contract/make-transaction.js';
import { openSqlite } from './database.js';
import { SQLITE_BACKFILL_USER_LCP, SQLITE_BACKFILL_USERS_DAY, SQLITE_MIGRATIONS } from './migrations.js';
import { SqliteStorage } from './sqlite-storage.js';
import { oneProject } from '../../../test/contract/make-project.js';

const HOUR = 3_600_000;

describe('SQLite migrations', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const file = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-migrate-'));
    dirs.push(dir);
    return path.join(dir, 'db.sqlite');
  };

  it('keeps a threshold set through the project option before version 4, dated and on duration', async () => {
    const db = file();
    const old = openSqlite(db);
    old.exec('CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    for (const m of SQLITE_MIGRATIONS.filter((m) => m.version <= 3)) old.exec(m.sql);
    old.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', '3')").run();
    old.prepare("INSERT INTO organizations (slug, name, date_created) VALUES ('o', 'O', 1)").run();
    const insert = old.prepare(
      `INSERT INTO projects (organization_id, slug, name, date_created, apdex_threshold_ms) VALUES (1, ?, ?, 1, ?)`,
    );
    insert.run('set', 'Set', 450);
    insert.run('unset', 'Unset', null);
    old.close();

    const before = Date.now() - 1_000;
    const storage = SqliteStorage.open(db);
    try {
      const [set, unset] = await storage.listProjects(1);
      expect(set!.threshold).toMatchObject({ thresholdMs: 450, metric: 'duration', editedBy: null });
      expect(set!.threshold!.dateAdded).toBeGreaterThanOrEqual(before);
      expect(unset!.threshold).toBeNull();
    } finally {
      await storage.close();
    }
  });

  it('fills in each user’s largest LCP from the stored transactions', async () => {
    const storage = SqliteStorage.open(file());
    try {
      const project = await oneProject(storage, 'javascript');
      const h = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
      const tx = (userKey: string | null, lcp: number | null, offset = 0) =>
        makeTransaction(project.id, {
          name: '/home',
          userKey,
          startTimestamp: h + 1_000 + offset,
          measurements: lcp === null ? {} : { lcp: { value: lcp, unit: 'millisecond' } },
        });
      await storage.saveTransactions(
        batchOf([tx('id:1', 2_000), tx('id:1', 3_500), tx('id:1', null), tx('id:2', null), tx(null, 9_000)]),
      );
      const read = () =>
        storage.db
          .prepare('SELECT user_key, max_lcp_ms FROM transaction_users ORDER BY user_key')
          .all() as Array<{ user_key: string; max_lcp_ms: number | null }>;
      const written = read();
      expect(written).toEqual([
        { user_key: 'id:1', max_lcp_ms: 3_500 },
        { user_key: 'id:2', max_lcp_ms: null },
      ]);
      // As a database from before version 4 has them: no LCP anywhere. The backfill restores them.
      storage.db.exec('UPDATE transaction_users SET max_lcp_ms = NULL');
      storage.db.exec(SQLITE_BACKFILL_USER_LCP);
      expect(read()).toEqual(written);
    } finally {
      await storage.close();
    }
  });

  it('fills the day roll-ups from the hourly ones as the digest writes them', async () => {
    const storage = SqliteStorage.open(file());
    try {
      const project = await oneProject(storage, 'javascript');
      const day0 = Math.floor(Date.now() / (24 * HOUR)) * 24 * HOUR - 3 * 24 * HOUR;
      const all = Array.from({ length: 120 }, (_, i) =>
        makeTransaction(project.id, {
          name: i % 2 ? '/a' : '/b',
          userKey: i % 5 === 0 ? null : `id:${i % 9}`,
          startTimestamp: day0 + ((i * 5_003_000) % (3 * 24 * HOUR)),
          durationMs: 10 + ((i * 31) % 700),
          status: i % 6 === 0 ? 'internal_error' : 'ok',
          measurements: i % 3 === 0 ? { lcp: { value: 100 + i * 17, unit: 'millisecond' } } : {},
        }),
      );
      for (let i = 0; i < all.length; i += 40) await storage.saveTransactions(batchOf(all.slice(i, i + 40)));
      const read = () => ({
        rollups: storage.db
          .prepare(
            'SELECT * FROM transaction_rollups_day ORDER BY project_id, day, name, environment, release',
          )
          .all() as Array<Record<string, unknown>>,
        users: storage.db.prepare('SELECT * FROM transaction_users_day ORDER BY day, name, user_key').all(),
      });
      const written = read();
      expect(written.rollups.length).toBeGreaterThan(2);
      // As a database from before version 8 has them: hourly rows only. The backfill restores the days.
      storage.db.exec('DELETE FROM transaction_rollups_day; DELETE FROM transaction_users_day');
      storage.db.exec(SQLITE_BACKFILL_USERS_DAY);
      SQLITE_MIGRATIONS.find((m) => m.version === 8)!.backfill!(storage.db);
      const filled = read();
      expect(filled.users).toEqual(written.users);
      // Sums of durations may differ in the last bits (added in another order); all else is the same.
      const exact = (rows: Array<Record<string, unknown>>) =>
        rows.map((r) => ({
          ...r,
          sum_duration_ms: Math.round(Number(r.sum_duration_ms)),
          durations: { ...(JSON.parse(String(r.durations)) as object), s: 0 },
        }));
      expect(exact(filled.rollups)).toEqual(exact(written.rollups));
    } finally {
      await storage.close();
    }
  });
});
