import type pg from 'pg';
import type { BlobStore } from './blob-store.js';

/** The day a key is filed under (`attachments/2026-11-21/…`), or today for keys without one. */
function dayOfKey(key: string): string {
  return /^[^/]+\/(\d{4}-\d{2}-\d{2})\//.exec(key)?.[1] ?? new Date().toISOString().slice(0, 10);
}

/**
 * Blobs in PostgreSQL, so every process of a scale-out deployment sees the same files without a shared
 * file system. A commit is durable, which is what `put` promises.
 */
export class PostgresBlobStore implements BlobStore {
  constructor(private readonly pool: pg.Pool) {}

  async put(key: string, data: Buffer): Promise<void> {
    await this.pool.query(
      `INSERT INTO blobs (key, day, data, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET data = excluded.data`,
      [key, dayOfKey(key), data, Date.now()],
    );
  }

  async get(key: string): Promise<Buffer | null> {
    const { rows } = await this.pool.query<{ data: Buffer }>('SELECT data FROM blobs WHERE key = $1', [key]);
    return rows[0]?.data ?? null;
  }

  async delete(key: string): Promise<void> {
    await this.pool.query('DELETE FROM blobs WHERE key = $1', [key]);
  }

  async deleteDaysBefore(prefix: string, day: string): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM blobs WHERE key LIKE $1 AND day < $2', [
      `${prefix.replace(/[\\%_]/g, '\\$&')}/%`,
      day,
    ]);
    return rowCount ?? 0;
  }
}
