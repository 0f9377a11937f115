import { afterEach, describe, expect, it } from 'vitest';
import { batchOf, makeTransaction } from '../../../test/contract/make-transaction.js';
import { createTestDatabase, pgAvailableOrWarn } from '../../../test/contract/pg-database.js';
import { openPool } from './database.js';
import { migratePostgres, POSTGRES_SCHEMA_VERSION, readSchemaVersion } from './migrations.js';
import { PostgresStorage } from './postgres-storage.js';
import { POSTGRES_BACKFILL_USER_LCP } from './schema.js';
import { oneProject } from '../../../test/contract/make-project.js';

const available = await pgAvailableOrWarn('PostgreSQL migration tests');

describe.skipIf(!available)('PostgreSQL migrations', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const freshDatabase = async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    return db.url;
  };
  const pool = (url: string) => {
    const p = openPool(url, { poolSize: 2 });
    cleanups.push(() => p.end());
    return p;
  };

  it('serialises two processes migrating at once, and is a no-op when current', async () => {
    const url = await freshDatabase();
    const [one, two] = await Promise.all([migratePostgres(pool(url)), migratePostgres(pool(url))]);
    expect([one.to, two.to]).toEqual([POSTGRES_SCHEMA_VERSION, POSTGRES_SCHEMA_VERSION]);
    // Exactly one of them found the empty database; the other waited for at least its first step
    // (each migration is its own transaction, so it may have taken over the later ones).
    const [first, second] = [one.from, two.from].sort((x, y) => x - y);
    expect(first).toBe(0);
    expect(second).toBeGreaterThan(0);
    const p = pool(url);
    expect(await readSchemaVersion(p)).toBe(POSTGRES_SCHEMA_VERSION);
    expect(await migratePostgres(p)).toEqual({ from: POSTGRES_SCHEMA_VERSION, to: POSTGRES_SCHEMA_VERSION });
    // The tables other components own are part of the schema.
    const { rows } = await p.query(`SELECT to_regclass('spool') AS s, to_regclass('blobs') AS b`);
    expect(rows[0]).toEqual({ s: 'spool', b: 'blobs' });
  });

  it('refuses a database written by a newer Faultline, with or without migrating', async () => {
    const url = await freshDatabase();
    const p = pool(url);
    await migratePostgres(p);
    await p.query(`UPDATE meta SET value = $1 WHERE key = 'schema_version'`, [
      String(POSTGRES_SCHEMA_VERSION + 1),
    ]);
    const message = `schema version ${POSTGRES_SCHEMA_VERSION + 1}, newer than this Faultline knows`;
    await expect(migratePostgres(p)).rejects.toThrow(message);
    await expect(PostgresStorage.open(url)).rejects.toThrow(message);
    await expect(PostgresStorage.open(url, { migrate: false })).rejects.toThrow(message);
    // Refusing changed nothing.
    expect(await readSchemaVersion(p)).toBe(POSTGRES_SCHEMA_VERSION + 1);
  });

  it('opens an unmigrated database without migrating, for the process that migrates it later', async () => {
    const url = await freshDatabase();
    const storage = await PostgresStorage.open(url, { migrate: false });
    cleanups.push(() => storage.close());
    expect(await readSchemaVersion(storage.pool)).toBe(0);
    expect((await migratePostgres(storage.pool)).to).toBe(POSTGRES_SCHEMA_VERSION);
  });

  it('fills in each user’s largest LCP from the stored transactions (version 5)', async () => {
    const storage = await PostgresStorage.open(await freshDatabase(), { poolSize: 2 });
    cleanups.push(() => storage.close());
    const project = await oneProject(storage, 'javascript');
    const hour = 3_600_000;
    const h = Math.floor(Date.now() / hour) * hour - hour;
    const tx = (userKey: string | null, lcp: number | null) =>
      makeTransaction(project.id, {
        name: '/home',
        userKey,
        startTimestamp: h + 1_000,
        measurements: lcp === null ? {} : { lcp: { value: lcp, unit: 'millisecond' } },
      });
    await storage.saveTransactions(
      batchOf([tx('id:1', 2_000), tx('id:1', 3_500), tx('id:1', null), tx('id:2', null), tx(null, 9_000)]),
    );
    const read = async () =>
      (await storage.pool.query('SELECT user_key, max_lcp_ms FROM transaction_users ORDER BY user_key')).rows;
    const written = await read();
    expect(written).toEqual([
      { user_key: 'id:1', max_lcp_ms: 3_500 },
      { user_key: 'id:2', max_lcp_ms: null },
    ]);
    // As a database from before version 5 has them: no LCP anywhere. The backfill restores them.
    await storage.pool.query('UPDATE transaction_users SET max_lcp_ms = NULL');
    await storage.pool.query(POSTGRES_BACKFILL_USER_LCP);
    expect(await read()).toEqual(written);
  });
});
