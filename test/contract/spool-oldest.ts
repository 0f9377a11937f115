import { expect } from 'vitest';
import type { NewSpoolEntry, Spool } from '../../src/spool/spool.js';

/**
 * What both spools must say of `oldestWaiting`: null while empty, then the receive time of the oldest
 * entry neither acknowledged nor set aside. Entries claimed but not yet acknowledged still count.
 */
export async function checkOldestWaiting(spool: Spool): Promise<void> {
  const entry = (receivedAt: number): NewSpoolEntry => ({
    projectId: 1,
    receivedAt,
    meta: { clientIp: null, userAgent: null, publicKey: 'k' },
    body: Buffer.from(`envelope ${receivedAt}`),
  });
  expect(await spool.oldestWaiting()).toBeNull();
  await spool.append([entry(10), entry(20), entry(30)]);
  const [first, second] = await spool.claim(3);
  await spool.ack([first!.id]);
  await spool.bury([second!.id], 'boom');
  expect(await spool.oldestWaiting()).toBe(30);
}
