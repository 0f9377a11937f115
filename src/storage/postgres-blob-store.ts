import type pg from 'pg';
import { blobDayOfKey, type BlobItem, type BlobStore } from './blob-store.js';

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
      [key, blobDayOfKey(key), data, Date.now()],
    );
  }

  async putMany(items: BlobItem[]): Promise<void> {
    if (items.length === 0) return;
    // One statement: one commit for the whole batch. Sorted, so two batches lock keys in the same order.
    const sorted = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    await this.pool.query(
      `INSERT INTO blobs (key, day, data, created_at)
       SELECT k, d, b, $4 FROM unnest($1::text[], $2::text[], $3::bytea[]) AS t(k, d, b)
       ON CONFLICT (key) DO UPDATE SET data = excluded.data`,
      [
        sorted.map((i) => i.key),
        sorted.map((i) => blobDayOfKey(i.key)),
        sorted.map((i) => i.data),
        Date.now(),
      ],
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
