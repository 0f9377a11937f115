import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, pgAvailableOrWarn } from '../../test/contract/pg-database.js';
import { PostgresStorage } from '../storage/postgres/postgres-storage.js';
import { PostgresSpool } from './postgres-spool.js';
import type { NewSpoolEntry } from './spool.js';

const available = await pgAvailableOrWarn('PostgreSQL spool tests');

const entry = (receivedAt: number): NewSpoolEntry => ({
  projectId: 1,
  receivedAt,
  meta: { clientIp: null, userAgent: null, publicKey: 'k' },
  body: Buffer.from(`envelope ${receivedAt}`),
});

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
    const spool = new PostgresSpool(storage.pool);
    expect(await spool.oldestWaiting()).toBeNull();
    await spool.append([entry(10), entry(20), entry(30)]);
    const [first, second] = await spool.claim(3);
    await spool.ack([first!.id]);
    await spool.bury([second!.id], 'boom');
    // Claimed is not digested: only acknowledged and set-aside entries stop counting.
    expect(await spool.oldestWaiting()).toBe(30);
  });
});
