import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRecording } from '../../test/fixtures.js';
import { errorEvent, eventEnvelope, newEventId } from '../../test/harness/envelopes.js';
import { OutcomeCounter } from '../ingest/outcomes.js';
import { SqliteSpool } from '../spool/sqlite-spool.js';
import { FileBlobStore } from '../storage/blob-store.js';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import type { Storage } from '../storage/storage.js';
import { DigestLoop } from './digest-loop.js';
import { segmentEventId } from './performance/ids.js';
import { oneProject } from '../../test/contract/make-project.js';

const meta = { clientIp: null, userAgent: null, publicKey: 'k' };

describe('DigestLoop', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  async function setup(saveFails: (eventIds: string[]) => boolean) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'digest-'));
    dirs.push(dir);
    const storage = SqliteStorage.open(path.join(dir, 'db.sqlite'));
    const project = await oneProject(storage);
    // A storage whose writes fail for chosen events, as a poison event or an outage would make them.
    const flaky: Storage = Object.create(storage) as Storage;
    flaky.saveErrorEvents = async (events) => {
      if (saveFails(events.map((e) => e.eventId))) throw new Error('write failed');
      return storage.saveErrorEvents(events);
    };
    const spool = new SqliteSpool(path.join(dir, 'spool.sqlite'));
    const log = pino({ level: 'silent' });
    const outcomes = new OutcomeCounter(storage);
    const loop = new DigestLoop(spool, flaky, outcomes, new FileBlobStore(dir), log, 100, 10);
    return { storage, spool, loop, outcomes, projectId: project.id };
  }

  it('stores the good entries of a batch and sets a poison entry aside, keeping it', async () => {
    const poison = newEventId();
    const { storage, spool, loop, projectId } = await setup((ids) => ids.includes(poison));
    const good = [newEventId(), newEventId()];
    for (const id of [good[0]!, poison, good[1]!]) {
      await spool.append([{ projectId, receivedAt: Date.now(), meta, body: eventEnvelope(errorEvent(id)) }]);
    }
    // Each pass retries the poison entry once; after five it is buried rather than dropped.
    for (let i = 0; i < 6; i++) await loop.runOnce();
    for (const id of good) expect(await storage.getEvent(projectId, id)).not.toBeNull();
    expect(await storage.getEvent(projectId, poison)).toBeNull();
    expect(await spool.depth()).toEqual({ waiting: 0, buried: 1 });
    await spool.close();
    await storage.close();
  }, 60_000);

  it('stores transactions and spans and counts them as accepted', async () => {
    const { storage, spool, loop, outcomes, projectId } = await setup(() => false);
    const receivedAt = Date.now();
    for (const file of ['python-1.9.10/003.json', 'node-11.12.0/004.json']) {
      await spool.append([{ projectId, receivedAt, meta, body: loadRecording(file).body }]);
    }
    await loop.runOnce();
    const tx = await storage.getTransaction(projectId, 'b0f9aad54d044f908460864841cb6eb8');
    expect(tx).toMatchObject({ name: 'checkout-transaction', kind: 'transaction' });
    expect(await storage.listTransactionSpans(projectId, tx!.eventId)).toHaveLength(5);
    const segment = segmentEventId('0f76a6ad328f40378c72deecbd85347e', 'afdb6b4afc353b7c');
    expect((await storage.getTransaction(projectId, segment))?.kind).toBe('segment');
    expect(await storage.listTransactionSpans(projectId, segment)).toHaveLength(6);
    expect(loop.digested).toBe(2);
    await outcomes.flush();
    const accepted = (await storage.listOutcomes(0, [projectId]))
      .filter((o) => o.outcome === 'accepted')
      .map((o) => [o.category, o.quantity]);
    expect(accepted.sort()).toEqual([
      ['span', 11],
      ['transaction', 2],
    ]);
    await spool.close();
    await storage.close();
  });

  it('claims envelopes of megabytes a few at a time, within its byte budget', async () => {
    const { storage, spool, loop, projectId } = await setup(() => false);
    const ids = [newEventId(), newEventId(), newEventId()];
    const attachment = 'x'.repeat(9 * 1024 * 1024);
    for (const id of ids) {
      const body = Buffer.concat([
        eventEnvelope(errorEvent(id)),
        Buffer.from(`\n{"type":"attachment","filename":"big.txt"}\n${attachment}`),
      ]);
      await spool.append([{ projectId, receivedAt: Date.now(), meta, body }]);
    }
    // 16 MiB a batch: the second 9 MiB envelope reaches it, the third waits for the next claim.
    expect(await loop.runOnce()).toBe(2);
    expect(await loop.runOnce()).toBe(1);
    for (const id of ids) expect(await storage.getEvent(projectId, id)).not.toBeNull();
    await spool.close();
    await storage.close();
  }, 60_000);

  it('lets the thread’s event loop run between batches while a backlog lasts', async () => {
    const { storage, spool, loop, projectId } = await setup(() => false);
    // Spans only: nothing on their embedded write path waits on I/O, so only the loop can yield.
    const body = loadRecording('python-1.9.10/003.json').body;
    for (let i = 0; i < 5; i++) {
      await spool.append(
        Array.from({ length: 100 }, (_, k) => ({
          projectId,
          receivedAt: Date.now() + i * 100 + k,
          meta,
          body,
        })),
      );
    }
    let batchesBeforeTimer = -1;
    let batches = 0;
    const claim = spool.claim.bind(spool);
    spool.claim = async (limit, maxBytes) => {
      const entries = await claim(limit, maxBytes);
      if (entries.length > 0) batches++;
      return entries;
    };
    // A message from the main thread (a new spool shard, stop) arrives as a macrotask, like this one.
    setImmediate(() => (batchesBeforeTimer = batches));
    const running = loop.run();
    while ((await spool.depth()).waiting > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await loop.stop();
    await running;
    expect(batches).toBe(5);
    expect(batchesBeforeTimer).toBeGreaterThanOrEqual(0);
    expect(batchesBeforeTimer).toBeLessThan(batches);
    await spool.close();
    await storage.close();
  });
});
