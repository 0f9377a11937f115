import type Database from 'better-sqlite3';
import type { Db } from './database.js';

/** Reuses prepared statements per connection: preparing is far more expensive than running. */
const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** The cached prepared statement for `sql` on `db`. */
export function stmt(db: Db, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
