import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, pgAvailableOrWarn } from '../../../test/contract/pg-database.js';
import { openPool } from './database.js';
import { migratePostgres, POSTGRES_SCHEMA_VERSION, readSchemaVersion } from './migrations.js';
import { PostgresStorage } from './postgres-storage.js';

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
    // (each migration is its own transaction, so it may have run the later ones itself).
    const froms = [one.from, two.from].sort((x, y) => x - y);
    expect(froms[0]).toBe(0);
    expect(froms[1]).toBeGreaterThan(0);
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
});
