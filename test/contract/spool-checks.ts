import { expect } from 'vitest';
import type { NewSpoolEntry, Spool } from '../../src/spool/spool.js';

/** An entry of project 1 received at `receivedAt`, with the given body. */
function entry(receivedAt: number, body: Buffer): NewSpoolEntry {
  return { projectId: 1, receivedAt, meta: { clientIp: null, userAgent: null, publicKey: 'k' }, body };
}

/**
 * What both spools must say of `oldestWaiting`: null while empty, then the receive time of the oldest
 * entry neither acknowledged nor set aside. Entries claimed but not yet acknowledged still count.
 */
export async function checkOldestWaiting(spool: Spool): Promise<void> {
  const small = (receivedAt: number): NewSpoolEntry =>
    entry(receivedAt, Buffer.from(`envelope ${receivedAt}`));
  expect(await spool.oldestWaiting()).toBeNull();
  await spool.append([small(10), small(20), small(30)]);
  const [first, second] = await spool.claim(3);
  await spool.ack([first!.id]);
  await spool.bury([second!.id], 'boom');
  expect(await spool.oldestWaiting()).toBe(30);
}

/**
 * What both spools must do with a claim's byte budget: stop at the entry whose body reaches it, always
 * hand out at least one entry, and leave the rest for the next claim, in order.
 */
export async function checkClaimByteBudget(spool: Spool): Promise<void> {
  const sized = (receivedAt: number, size: number): NewSpoolEntry =>
    entry(receivedAt, Buffer.alloc(size, receivedAt));
  await spool.append([sized(1, 400), sized(2, 400), sized(3, 400), sized(4, 5_000), sized(5, 10)]);
  const claimed: Array<Array<[number, number]>> = [];
  for (let batch; (batch = await spool.claim(10, 1_000)).length > 0;) {
    claimed.push(batch.map((e) => [e.receivedAt, e.body.length]));
    await spool.ack(batch.map((e) => e.id));
  }
  expect(claimed).toEqual([
    [
      [1, 400],
      [2, 400],
      [3, 400],
    ],
    [[4, 5_000]],
    [[5, 10]],
  ]);
}
