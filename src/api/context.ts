import type { BlobStore } from '../storage/blob-store.js';
import type { Storage } from '../storage/storage.js';

/** What every API route needs. */
export interface ApiContext {
  storage: Storage;
  blobs: BlobStore;
  publicUrl: string;
}
