import { describe, it } from 'vitest';
import { PostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { createTestDatabase, pgAvailableOrWarn } from './pg-database.js';
import { storageContract } from './storage-suite.js';

const drops = new Map<Storage, () => Promise<void>>();

if (await pgAvailableOrWarn('storage contract on PostgreSQL')) {
  storageContract(
    'postgres',
    async () => {
      const db = await createTestDatabase();
      const storage = await PostgresStorage.open(db.url, { poolSize: 4 });
      drops.set(storage, db.drop);
      return storage;
    },
    async (storage) => {
      await storage.close();
      await drops.get(storage)?.();
      drops.delete(storage);
    },
  );
} else {
  describe.skip('storage contract: postgres (PostgreSQL not found)', () => {
    it('runs the storage contract suite', () => {});
  });
}
