import type pg from 'pg';
import { inTransaction, type Queryable } from './database.js';
import { POSTGRES_MIGRATIONS } from './schema.js';

/** The newest schema version this build knows. */
export const POSTGRES_SCHEMA_VERSION = Math.max(...POSTGRES_MIGRATIONS.map((m) => m.version));

/**
 * Advisory lock key serialising migrations across every process sharing the database. Above 2^32 so it
 * cannot meet the 32-bit keys of the job locks (src/jobs/job-lock.ts), which share the bigint key space.
 */
const MIGRATION_LOCK = 0x46_4c_4d_49_47_52n.toString(); // "FLMIGR"

/** The schema version recorded in `meta`, 0 for a database never migrated. */
export async function readSchemaVersion(db: Queryable): Promise<number> {
  // Checked first rather than caught: inside a transaction a failed query would abort it.
  const { rows: exists } = await db.query<{ ok: boolean }>(`SELECT to_regclass('meta') IS NOT NULL AS ok`);
  if (!exists[0]?.ok) return 0;
  const { rows } = await db.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`);
  return rows[0] ? Number(rows[0].value) : 0;
}

/** The refusal for a database written by a newer Faultline: never guess at a schema we do not know. */
export function newerSchemaError(found: number): Error {
  return new Error(
    `the database has schema version ${found}, newer than this Faultline knows (${POSTGRES_SCHEMA_VERSION}); ` +
      'upgrade Faultline instead of starting an older version on it',
  );
}

/**
 * Brings the schema up to date, one transaction per migration, each holding a transaction-scoped
 * advisory lock: when several processes start at once, one migrates and the others wait, then see the
 * new version and do nothing. Refuses a database written by a newer Faultline instead of guessing, so
 * a downgrade never corrupts data.
 */
export async function migratePostgres(pool: pg.Pool): Promise<{ from: number; to: number }> {
  let from: number | null = null;
  for (;;) {
    const step = await inTransaction(pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK]);
      await c.query('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
      const current = await readSchemaVersion(c);
      from ??= current;
      if (current > POSTGRES_SCHEMA_VERSION) throw newerSchemaError(current);
      const next = POSTGRES_MIGRATIONS.find((m) => m.version > current);
      if (!next) return { done: true, version: current };
      await c.query(next.sql);
      await next.backfill?.(c);
      await c.query(
        `INSERT INTO meta (key, value) VALUES ('schema_version', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [String(next.version)],
      );
      return { done: false, version: next.version };
    });
    if (step.done) return { from: from ?? step.version, to: step.version };
  }
}
