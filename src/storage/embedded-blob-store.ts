import { blobDayOfKey, FileBlobStore, type BlobItem, type BlobStore } from './blob-store.js';
import { openSqlite, stmt, type Db } from './sqlite/database.js';

/** Blobs up to this size are rows; larger ones (big attachments) stay files. */
const MAX_ROW_BYTES = 1024 * 1024;

/**
 * The embedded mode's blob store: small blobs (replay segments, most attachments) as rows of their own
 * SQLite file, large ones as files. A file costs a create, an fsync and a rename each, about half a
 * millisecond of CPU on this kind of machine, which is more than digesting an error; a batch of rows
 * costs one commit. Keys are the same either way, so callers never know where a blob went.
 */
export class EmbeddedBlobStore implements BlobStore {
  private readonly db: Db;
  private readonly files: FileBlobStore;

  constructor(databaseFile: string, folder: string) {
    this.db = openSqlite(databaseFile, { cacheMiB: 2 });
    this.db.exec(`CREATE TABLE IF NOT EXISTS blobs (
      key TEXT PRIMARY KEY,
      day TEXT NOT NULL,
      data BLOB NOT NULL
    );
    CREATE INDEX IF NOT EXISTS blobs_day ON blobs (day);`);
    this.files = new FileBlobStore(folder);
  }

  async put(key: string, data: Buffer): Promise<void> {
    await this.putMany([{ key, data }]);
  }

  async putMany(items: BlobItem[]): Promise<void> {
    const small = items.filter((i) => i.data.length <= MAX_ROW_BYTES);
    const large = items.filter((i) => i.data.length > MAX_ROW_BYTES);
    if (small.length > 0) {
      const insert = stmt(
        this.db,
        'INSERT INTO blobs (key, day, data) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET data = excluded.data',
      );
      this.db
        .transaction(() => {
          for (const i of small) insert.run(i.key, blobDayOfKey(i.key), i.data);
        })
        .immediate();
    }
    await this.files.putMany(large);
  }

  async get(key: string): Promise<Buffer | null> {
    const row = stmt(this.db, 'SELECT data FROM blobs WHERE key = ?').get(key) as
      { data: Buffer } | undefined;
    return row ? row.data : this.files.get(key);
  }

  async delete(key: string): Promise<void> {
    stmt(this.db, 'DELETE FROM blobs WHERE key = ?').run(key);
    await this.files.delete(key);
  }

  async deleteDaysBefore(prefix: string, day: string): Promise<number> {
    const rows = this.db
      .prepare('DELETE FROM blobs WHERE day < ? AND substr(key, 1, ?) = ?')
      .run(day, prefix.length + 1, `${prefix}/`).changes;
    if (rows > 0) this.db.pragma('incremental_vacuum');
    return rows + (await this.files.deleteDaysBefore(prefix, day));
  }

  close(): void {
    this.db.close();
  }
}
