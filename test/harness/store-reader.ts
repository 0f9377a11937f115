import Database from 'better-sqlite3';
import path from 'node:path';

/** Read-only access to a data folder's database, for tests that check exactly what was stored. */
export function openStoreReader(dataDir: string, file = 'faultline.sqlite'): Database.Database {
  return new Database(path.join(dataDir, file), { readonly: true, fileMustExist: true });
}
