import http from 'node:http';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, pgAvailable } from '../contract/pg-database.js';
import { ApiClient, waitFor } from '../harness/api.js';
import { envelopeUrl, errorEvent, eventEnvelope, newEventId } from '../harness/envelopes.js';
import { provision, startServer, tempDataDir, waitForIngest, type TestServer } from '../harness/server.js';

const available = await pgAvailable();
if (!available) {
  console.warn(
    '\n*** SKIPPED: multi-process PostgreSQL test: no server at 127.0.0.1:5432 or FAULTLINE_TEST_DATABASE_URL. ' +
      'Install and start it: `apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect 15 main start` ***\n',
  );
}

/** A fresh connection per request, so a killed process fails the request instead of hanging it. */
function post(url: string, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}

describe.skipIf(!available)('scale-out on PostgreSQL: two ingest processes, one digest, kill -9', () => {
  const servers: TestServer[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    for (const s of servers) await s.stop();
    await drop?.();
  });

  it('stores every event answered 200 exactly once and drains the spool', async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const env = { FAULTLINE_DATABASE_URL: db.url };
    const start = async (roles: string) => {
      const s = await startServer({ dataDir: tempDataDir(), args: ['--roles', roles], env });
      servers.push(s);
      return s;
    };
    let ingestA = await start('ingest,web');
    const ingestB = await start('ingest');
    const digest = await start('digest,jobs');
    const acct = provision(ingestA.dataDir, ingestA.port, { databaseUrl: db.url });
    await waitForIngest(ingestA, acct);
    await waitForIngest(ingestB, acct);

    const accepted: string[] = [];
    let phase = 0;
    const sender = async (worker: number) => {
      for (let i = 0; phase < 2 && i < 20_000; i++) {
        const target = (worker + i) % 2 === 0 ? ingestA : ingestB;
        const id = newEventId();
        const status = await post(
          envelopeUrl(target.url, acct.projectId, acct.publicKey),
          eventEnvelope(errorEvent(id, i % 10)),
        );
        if (status === 200) accepted.push(id);
        else await new Promise((r) => setTimeout(r, 20)); // the target is down: try the other one next
      }
    };
    const senders = Promise.all([0, 1, 2, 3].map(sender));
    await waitFor(async () => accepted.length >= 400, 30_000, '400 accepted events');

    // Mid-load: kill -9 one ingest process and the digest, then bring both back on new ports.
    await ingestA.kill9();
    await digest.kill9();
    const killedAt = accepted.length;
    ingestA = await start('ingest,web');
    await start('digest,jobs');
    await waitFor(async () => accepted.length >= killedAt + 300, 30_000, '300 more accepted events');
    phase = 2;
    await senders;

    const api = new ApiClient(ingestA.url, acct.token);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // The killed digest's claims come back when their lease ends; then the spool drains.
      await waitFor(
        async () => Number((await client.query('SELECT count(*) AS n FROM spool')).rows[0].n) === 0,
        60_000,
        'the spool to drain',
      );
      const count = async (sql: string) => Number((await client.query(sql)).rows[0].n);
      await waitFor(
        async () => (await count('SELECT count(*) AS n FROM events')) >= accepted.length,
        20_000,
        'all events stored',
      );
      // Every 200 is stored. A few more may be stored than were answered: an envelope spooled by the
      // killed process whose answer never left it. None is stored twice.
      const stored = await count('SELECT count(*) AS n FROM events');
      expect(await count('SELECT count(DISTINCT event_id) AS n FROM events')).toBe(stored);
      expect(await count('SELECT sum(times_seen) AS n FROM issues')).toBe(stored);
      expect(stored - accepted.length).toBeLessThanOrEqual(8);
      const missing: string[] = [];
      for (const id of accepted) {
        const res = await api.request('GET', `/api/0/projects/${acct.org}/${acct.project}/events/${id}/`);
        if (res.status !== 200) missing.push(id);
      }
      expect(missing).toEqual([]);
    } finally {
      await client.end();
    }
  }, 180_000);
});
