import Database from 'better-sqlite3';
import { SQLITE_MIGRATIONS } from './migrations.js';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

/**
 * True when `err` is SQLite's "database is locked" (SQLITE_BUSY or one of its extended codes): another
 * connection holds the lock for longer than this one's busy timeout.
 */
export function isSqliteBusy(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Opens a connection with the pragmas every Faultline connection needs. WAL lets the API read while the
 * digest writes; synchronous=FULL because an event answered with 200 must survive a power cut too.
 */
export function openSqlite(file: string, options: { cacheMiB?: number; busyTimeoutMs?: number } = {}): Db {
  const db = new Database(file);
  // Only takes effect on a new file: lets retention hand freed pages back with incremental_vacuum.
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  db.pragma(`cache_size = -${(options.cacheMiB ?? 16) * 1024}`);
  return db;
}

/** The newest schema version this build knows. */
export const SQLITE_SCHEMA_VERSION = Math.max(...SQLITE_MIGRATIONS.map((m) => m.version));

/**
 * Brings the schema up to date, one transaction per migration. Refuses a database written by a newer
 * Faultline instead of guessing, so a downgrade never corrupts data.
 */
export function migrateSqlite(db: Db): { from: number; to: number } {
  db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const read = (): number => {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
      { value: string } | undefined;
    return row ? Number(row.value) : 0;
  };
  const from = read();
  if (from > SQLITE_SCHEMA_VERSION) {
    throw new Error(
      `the database has schema version ${from}, newer than this Faultline knows (${SQLITE_SCHEMA_VERSION}); ` +
        'upgrade Faultline instead of starting an older version on it',
    );
  }
  for (const migration of SQLITE_MIGRATIONS) {
    if (migration.version <= from) continue;
    // IMMEDIATE takes the write lock first, so two processes starting at once do not both migrate.
    db.transaction(() => {
      if (read() >= migration.version) return;
      db.exec(migration.sql);
      migration.backfill?.(db);
      db.prepare(
        "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(String(migration.version));
    }).immediate();
  }
  return { from, to: read() };
}

// Kept in its own module so the migrations' backfills can use it without importing this one.
export { stmt } from './statements.js';
