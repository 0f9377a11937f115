import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../harness/api.js';
import { envelopeUrl, errorEvent, eventEnvelope, newEventId } from '../harness/envelopes.js';
import { provision, startServer, tempDataDir, waitForIngest, type TestServer } from '../harness/server.js';
import { openStoreReader } from '../harness/store-reader.js';

/** Posts `n` error events over `concurrency` connections; returns the ids answered 200. */
async function send(url: string, n: number, concurrency = 8): Promise<string[]> {
  const accepted: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const id = newEventId();
      const res = await fetch(url, { method: 'POST', body: eventEnvelope(errorEvent(id, i % 3)) });
      await res.arrayBuffer();
      if (res.status === 200) accepted.push(id);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return accepted;
}

describe('digest threads', () => {
  let server: TestServer | null = null;
  afterAll(async () => {
    await server?.stop();
  });

  it('adds a second thread for a backlog, stores each event once, then goes back to one', async () => {
    const dataDir = tempDataDir();
    // Spool a backlog with no digest running, so the restarted digest's first claim is full.
    server = await startServer({ dataDir, args: ['--roles', 'ingest,web,jobs'] });
    const acct = provision(dataDir, server.port);
    await waitForIngest(server, acct);
    const backlog = await send(envelopeUrl(server.url, acct.projectId, acct.publicKey), 3_000);
    expect(backlog).toHaveLength(3_000);
    expect(await server.stop()).toBe(0);

    server = await startServer({
      dataDir,
      args: ['--digest-threads', '2'],
      env: { FAULTLINE_TEST_DIGEST_QUIET_MS: '1500' },
    });
    const live = server;
    const db = openStoreReader(dataDir);
    try {
      const count = () => (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
      await waitFor(
        async () => live.output().includes('a second digest thread started'),
        30_000,
        'a second digest thread',
      );
      await waitFor(async () => count() >= 3_000, 30_000, 'the backlog digested');
      // Each event once: rows, distinct ids and the issue counters agree.
      const distinct = db.prepare('SELECT count(DISTINCT event_id) AS n FROM events').get() as { n: number };
      const seen = db.prepare('SELECT sum(times_seen) AS n FROM issues').get() as { n: number };
      expect([count(), distinct.n, seen.n]).toEqual([3_000, 3_000, 3_000]);

      // Once quiet, the second thread retires and the first takes the whole spool again: events with
      // ids of either parity are all digested.
      await waitFor(
        async () => live.output().includes('digest back to one thread'),
        30_000,
        'the retirement',
      );
      const later = await send(envelopeUrl(live.url, acct.projectId, acct.publicKey), 40, 2);
      expect(later).toHaveLength(40);
      await waitFor(async () => count() >= 3_040, 20_000, 'the later events digested');
      const has = db.prepare('SELECT count(*) AS n FROM events WHERE event_id = ?');
      expect(later.filter((id) => (has.get(id) as { n: number }).n !== 1)).toEqual([]);
    } finally {
      db.close();
    }
  }, 120_000);
});
