import type { PoolClient } from 'pg';
import { PostgresJobLock } from '../jobs/job-lock.js';
import { PostgresSpool, SPOOL_CHANNEL } from '../spool/postgres-spool.js';
import { PostgresBlobStore } from '../storage/postgres-blob-store.js';
import { PostgresStorage } from '../storage/postgres/postgres-storage.js';
import type { Backends } from './backends.js';

/** The backends of PostgreSQL mode: storage, spool, blobs and job locks on one pool. */
export async function openPostgresBackends(databaseUrl: string, migrate: boolean): Promise<Backends> {
  const storage = await PostgresStorage.open(databaseUrl, { migrate });
  const pool = storage.pool;
  let listener: PoolClient | null = null;
  return {
    storage,
    spool: new PostgresSpool(pool),
    blobs: new PostgresBlobStore(pool),
    jobLock: new PostgresJobLock(pool),
    async onSpooled(wake) {
      // One connection stays checked out for LISTEN; it is handed back before the pool ends.
      listener = await pool.connect();
      listener.on('notification', wake);
      await listener.query(`LISTEN ${SPOOL_CHANNEL}`);
    },
    async close() {
      listener?.release(true);
      listener = null;
      await storage.close();
    },
  };
}
