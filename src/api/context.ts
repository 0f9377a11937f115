import type { BlobStore } from '../storage/blob-store.js';
import type { Storage } from '../storage/storage.js';

/** What every API route needs. */
export interface ApiContext {
  storage: Storage;
  blobs: BlobStore;
  publicUrl: string;
  /**
   * Awaited after a client key changed (disabled, deleted, rate limit set), so this process's ingest
   * edge applies it to the next request instead of at its next refresh. Absent without the ingest role.
   */
  onKeysChanged?: () => Promise<void>;
}
