import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../harness/api.js';
import { envelopeUrl, errorEvent, eventEnvelope, newEventId } from '../harness/envelopes.js';
import { provision, startServer, tempDataDir, waitForIngest, type TestServer } from '../harness/server.js';
import { openStoreReader } from '../harness/store-reader.js';

/** Posts with a fresh connection per request so a killed server fails the request instead of hanging it. */
function post(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}

describe('crash safety', () => {
  let server: TestServer | null = null;
  afterAll(async () => {
    await server?.stop();
  });

  it('keeps every event answered 200 across kill -9, and stores none twice', async () => {
    const dataDir = tempDataDir();
    server = await startServer({ dataDir });
    const acct = provision(dataDir, server.port);
    await waitForIngest(server, acct);
    const url = envelopeUrl(server.url, acct.projectId, acct.publicKey);

    const accepted: string[] = [];
    let stop = false;
    const sender = async (worker: number) => {
      for (let i = 0; !stop && i < 5_000; i++) {
        const id = newEventId();
        const status = await post(url, eventEnvelope(errorEvent(id, (worker * 7 + i) % 10)));
        if (status === 200) accepted.push(id);
        else if (status === 0) return; // the server is gone
      }
    };
    const senders = Promise.all([0, 1, 2, 3].map(sender));
    await waitFor(async () => accepted.length >= 300, 20_000, '300 accepted events');
    await server.kill9();
    stop = true;
    await senders;
    expect(accepted.length).toBeGreaterThanOrEqual(300);

    server = await startServer({ dataDir });
    const db = openStoreReader(dataDir);
    try {
      const count = () => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      await waitFor(async () => count() >= accepted.length, 20_000, 'all accepted events stored');
      const has = db.prepare('SELECT count(*) AS n FROM events WHERE event_id = ?');
      const missing = accepted.filter((id) => (has.get(id) as { n: number }).n !== 1);
      expect(missing).toEqual([]);
      // Nothing twice: issue counters agree with the stored rows.
      const total = (db.prepare('SELECT sum(times_seen) AS n FROM issues').get() as { n: number }).n;
      expect(total).toBe(count());
      const spool = openStoreReader(dataDir, 'spool.sqlite');
      try {
        const depth = () => (spool.prepare('SELECT count(*) AS n FROM spool').get() as { n: number }).n;
        await waitFor(async () => depth() === 0, 10_000, 'the spool to drain');
      } finally {
        spool.close();
      }
    } finally {
      db.close();
    }
  }, 90_000);
});
