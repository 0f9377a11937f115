import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { errorEvent, eventEnvelope, newEventId } from '../../test/harness/envelopes.js';
import { OutcomeCounter } from '../ingest/outcomes.js';
import { SqliteSpool } from '../spool/sqlite-spool.js';
import { FileBlobStore } from '../storage/blob-store.js';
import { SqliteStorage } from '../storage/sqlite/sqlite-storage.js';
import type { Storage } from '../storage/storage.js';
import { DigestLoop } from './digest-loop.js';

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
    const org = await storage.createOrganization({ slug: 'o', name: 'o' });
    const project = await storage.createProject({
      organizationId: org.id,
      teamId: null,
      slug: 'p',
      name: 'p',
      platform: null,
    });
    // A storage whose writes fail for chosen events, as a poison event or an outage would make them.
    const flaky: Storage = Object.create(storage) as Storage;
    flaky.saveErrorEvents = async (events) => {
      if (saveFails(events.map((e) => e.eventId))) throw new Error('write failed');
      return storage.saveErrorEvents(events);
    };
    const spool = new SqliteSpool(path.join(dir, 'spool.sqlite'));
    const log = pino({ level: 'silent' });
    const loop = new DigestLoop(
      spool,
      flaky,
      new OutcomeCounter(storage),
      new FileBlobStore(dir),
      log,
      100,
      10,
    );
    return { storage, spool, loop, projectId: project.id };
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
});
