import { afterEach, describe, it } from 'vitest';
import { createTestDatabase, pgAvailableOrWarn } from '../../test/contract/pg-database.js';
import { checkClaimByteBudget, checkOldestWaiting } from '../../test/contract/spool-checks.js';
import { PostgresStorage } from '../storage/postgres/postgres-storage.js';
import { PostgresSpool } from './postgres-spool.js';

const available = await pgAvailableOrWarn('PostgreSQL spool tests');

describe.skipIf(!available)('PostgresSpool', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** A spool on a new database of its own, dropped after the test. */
  async function newSpool(): Promise<PostgresSpool> {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const storage = await PostgresStorage.open(db.url, { poolSize: 2 });
    cleanups.push(() => storage.close());
    return new PostgresSpool(storage.pool);
  }

  it('tells when the oldest entry still waiting was received', async () => {
    await checkOldestWaiting(await newSpool());
  });

  it('stops a claim once the bodies reach the byte budget', async () => {
    await checkClaimByteBudget(await newSpool());
  });
});
