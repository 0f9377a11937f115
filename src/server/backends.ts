import { LocalJobLock, type JobLock } from '../jobs/job-lock.js';
import type { Spool, SpoolShard } from '../spool/spool.js';
import { SqliteSpool } from '../spool/sqlite-spool.js';
import type { BlobStore } from '../storage/blob-store.js';
import { EmbeddedBlobStore } from '../storage/embedded-blob-store.js';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import type { Storage } from '../storage/storage.js';
import { dataPaths } from './data-dir.js';

/** Where the data lives: the embedded data folder, or a PostgreSQL database shared by many processes. */
export interface BackendLocation {
  dataDir: string;
  databaseUrl: string | null;
}

/** Storage, spool, blobs and job locks of one mode, opened together and closed together. */
export interface Backends {
  storage: Storage;
  spool: Spool;
  blobs: BlobStore;
  jobLock: JobLock;
  /** Calls `wake` when another process spooled something (PostgreSQL only; the embedded digest is woken directly). */
  onSpooled?: (wake: () => void) => Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the backends for a location. Only the first opener (the main thread) migrates; digest
 * threads open with `migrate: false` once that is done.
 */
export async function openBackends(
  location: BackendLocation,
  options: { migrate: boolean; cacheMiB?: number; shard?: SpoolShard },
): Promise<Backends> {
  // Loaded only in PostgreSQL mode: `pg` and the adapter cost each thread several MB it would not use.
  if (location.databaseUrl) {
    const { openPostgresBackends } = await import('./postgres-backends.js');
    return openPostgresBackends(location.databaseUrl, options.migrate);
  }
  const paths = dataPaths(location.dataDir);
  const storage = SqliteStorage.open(paths.database, {
    migrate: options.migrate,
    ...(options.cacheMiB ? { cacheMiB: options.cacheMiB } : {}),
  });
  const spool = new SqliteSpool(paths.spool, options.shard);
  const blobs = new EmbeddedBlobStore(paths.blobDatabase, paths.blobs);
  return {
    storage,
    spool,
    blobs,
    jobLock: new LocalJobLock(),
    async close() {
      await spool.close();
      await storage.close();
      blobs.close();
    },
  };
}
