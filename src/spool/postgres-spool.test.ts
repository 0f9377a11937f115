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

  it('tells when the oldest entry still waiting was received', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const storage = await PostgresStorage.open(db.url, { poolSize: 2 });
    cleanups.push(() => storage.close());
    await checkOldestWaiting(new PostgresSpool(storage.pool));
  });

  it('stops a claim once the bodies reach the byte budget', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const storage = await PostgresStorage.open(db.url, { poolSize: 2 });
    cleanups.push(() => storage.close());
    await checkClaimByteBudget(new PostgresSpool(storage.pool));
  });
});
