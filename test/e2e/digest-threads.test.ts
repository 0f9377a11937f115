import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../harness/api.js';
import {
  envelopeUrl,
  errorEvent,
  eventEnvelope,
  newEventId,
  replaySegmentEnvelope,
} from '../harness/envelopes.js';
import { provision, startServer, tempDataDir, waitForIngest, type TestServer } from '../harness/server.js';
import { openStoreReader } from '../harness/store-reader.js';

/**
 * Posts `n` envelopes over `concurrency` connections, by default error events; returns the event ids
 * answered 200.
 */
async function send(
  url: string,
  n: number,
  concurrency = 8,
  body: (i: number, id: string) => Buffer = (i, id) => eventEnvelope(errorEvent(id, i % 3)),
): Promise<string[]> {
  const accepted: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const id = newEventId();
      const res = await fetch(url, { method: 'POST', body: body(i, id) });
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

  it('lets both threads add segments to the same replays at once without failing a batch', async () => {
    const dataDir = tempDataDir();
    server = await startServer({ dataDir, args: ['--roles', 'ingest,web,jobs'] });
    const acct = provision(dataDir, server.port);
    await waitForIngest(server, acct);
    // 21 replays, their segments sent round-robin and every third envelope: a replay's next segment is
    // 63 spool ids on, of the other parity, so each thread's shard holds half of every replay, and
    // error batches of the other thread commit while one thread saves segments. Errors first fill the
    // first claims, so the second thread is running by the time the segments come.
    const replays = Array.from({ length: 21 }, () => newEventId());
    const segments = 21 * 20;
    const url = envelopeUrl(server.url, acct.projectId, acct.publicKey);
    const rrweb = '[{"type":4,"timestamp":1,"data":{"href":"https://shop.example/"}}]';
    const body = (i: number, id: string) => {
      const k = (i - 2_000) / 3;
      return Number.isInteger(k) && k >= 0 && k < segments
        ? replaySegmentEnvelope(replays[k % 21]!, Math.floor(k / 21), rrweb)
        : eventEnvelope(errorEvent(id, i % 3));
    };
    // One connection, so the spool holds them in the order sent.
    const total = 2_000 + 3 * segments + 1_000;
    expect(await send(url, total, 1, body)).toHaveLength(total);
    expect(await server.stop()).toBe(0);

    server = await startServer({ dataDir, args: ['--digest-threads', '2'] });
    const live = server;
    const db = openStoreReader(dataDir);
    try {
      const stored = () => (db.prepare('SELECT count(*) AS n FROM replay_segments').get() as { n: number }).n;
      await waitFor(async () => stored() >= segments, 60_000, 'every segment stored');
      expect(live.output()).toContain('a second digest thread started');
      // A batch that failed on a lock would have been retried after a pause and logged.
      expect(live.output()).not.toContain('batch failed');
      const counts = db.prepare('SELECT count_segments AS n FROM replays').all() as Array<{ n: number }>;
      expect(counts.map((c) => c.n)).toEqual(Array.from({ length: 21 }, () => 20));
    } finally {
      db.close();
    }
  }, 120_000);
});
