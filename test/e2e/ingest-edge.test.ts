import path from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, waitFor } from '../harness/api.js';
import {
  envelopeUrl,
  errorEvent,
  eventEnvelope,
  newEventId,
  replaySegmentEnvelope,
} from '../harness/envelopes.js';
import {
  provision,
  startServer,
  waitForIngest,
  type Provisioned,
  type TestServer,
} from '../harness/server.js';

/** The HTTP edge as SDKs meet it: auth forms, encodings, CORS, legacy routes and health. */
describe('ingest edge', () => {
  let server: TestServer;
  let acct: Provisioned;
  beforeAll(async () => {
    server = await startServer({
      env: { FAULTLINE_ADMIN_EMAIL: 'root@example.com', FAULTLINE_ADMIN_PASSWORD: 'first-start-password' },
    });
    acct = provision(server.dataDir, server.port);
    await waitForIngest(server, acct);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  const stored = async (id: string) =>
    waitFor(
      async () => {
        const res = await new ApiClient(server.url, acct.token).request(
          'GET',
          `/api/0/projects/${acct.org}/${acct.project}/events/${id}/`,
        );
        return res.status === 200;
      },
      10_000,
      `event ${id}`,
    );

  it('answers health checks once ready', async () => {
    const res = await fetch(`${server.url}/_health/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });

  it('answers 200 while a digest holds the spool lock, and stores the event once it is released', async () => {
    // What a digest thread does when it acknowledges entries, held long enough to watch.
    const lock = new Database(path.join(server.dataDir, 'spool.sqlite'));
    lock.exec('BEGIN IMMEDIATE');
    // Nothing else can commit to the spool meanwhile, so this count cannot move until the release.
    const spooled = () => (lock.prepare('SELECT count(*) AS n FROM spool').get() as { n: number }).n;
    const before = spooled();
    const id = newEventId();
    try {
      // The envelope goes to the spool journal, which needs no SQLite lock: the 200 does not wait for
      // the digest. (Committing to spool.sqlite first would answer only after the release below.)
      const res = await Promise.race([
        fetch(envelopeUrl(server.url, acct.projectId, acct.publicKey), {
          method: 'POST',
          body: eventEnvelope(errorEvent(id)),
        }).then((r) => r.status),
        new Promise((r) => setTimeout(() => r('still waiting after 5 s'), 5_000)),
      ]);
      expect(res).toBe(200);
      // Moved into the spool only once the lock is free.
      await new Promise((r) => setTimeout(r, 300));
      expect(spooled()).toBe(before);
    } finally {
      lock.exec('COMMIT');
      lock.close();
    }
    await stored(id);
  });

  it('creates the superuser named in the environment on first start', () => {
    expect(server.output()).toContain('created the first superuser from the environment');
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('accepts %s bodies', async (encoding, compress) => {
    const id = newEventId();
    const res = await fetch(envelopeUrl(server.url, acct.projectId, acct.publicKey), {
      method: 'POST',
      headers: { 'content-encoding': encoding },
      body: compress(eventEnvelope(errorEvent(id))),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id });
    await stored(id);
  });

  it('accepts X-Sentry-Auth, Authorization: Sentry and Basic auth, and the envelope dsn header', async () => {
    const headers: Array<Record<string, string>> = [
      { 'x-sentry-auth': `Sentry sentry_version=7, sentry_client=test/1, sentry_key=${acct.publicKey}` },
      { authorization: `sentry sentry_key=${acct.publicKey}, sentry_version=7` },
      { authorization: `Basic ${Buffer.from(`${acct.publicKey}:`).toString('base64')}` },
    ];
    for (const h of headers) {
      const id = newEventId();
      const res = await fetch(`${server.url}/api/${acct.projectId}/envelope/`, {
        method: 'POST',
        headers: h,
        body: eventEnvelope(errorEvent(id)),
      });
      expect(res.status).toBe(200);
      await stored(id);
    }
    const id = newEventId();
    const body = `${JSON.stringify({ event_id: id, dsn: acct.dsn })}\n{"type":"event"}\n${JSON.stringify(errorEvent(id))}`;
    const res = await fetch(`${server.url}/api/${acct.projectId}/envelope/`, { method: 'POST', body });
    expect(res.status).toBe(200);
    await stored(id);
  });

  it('takes legacy /store/ bodies on both routes, as JSON or base64+zlib', async () => {
    const a = newEventId();
    const res = await fetch(`${server.url}/api/${acct.projectId}/store/?sentry_key=${acct.publicKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(errorEvent(a)),
    });
    expect(await res.json()).toEqual({ id: a });
    const b = newEventId();
    const res2 = await fetch(`${server.url}/api/store/`, {
      method: 'POST',
      headers: { 'x-sentry-auth': `Sentry sentry_key=${acct.publicKey}` },
      body: deflateSync(JSON.stringify(errorEvent(b))).toString('base64'),
    });
    expect(await res2.json()).toEqual({ id: b });
    await stored(a);
    await stored(b);
  });

  it('sends CORS headers and answers preflights', async () => {
    const res = await fetch(envelopeUrl(server.url, acct.projectId, acct.publicKey), {
      method: 'POST',
      headers: { origin: 'https://app.example.com', 'content-type': 'text/plain;charset=UTF-8' },
      body: eventEnvelope(errorEvent(newEventId())),
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-sentry-rate-limits');
    const pre = await fetch(`${server.url}/api/${acct.projectId}/envelope/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-methods')).toBe('POST');
    expect(pre.headers.get('access-control-allow-headers')).toContain('x-sentry-auth');
    expect(pre.headers.get('access-control-max-age')).toBe('3600');
  });

  it('refuses with the right status and a detail', async () => {
    const cases: Array<[string, RequestInit, number]> = [
      [`/api/${acct.projectId}/envelope/`, { method: 'POST', body: '{}' }, 401],
      [`/api/${acct.projectId}/envelope/?sentry_key=${'f'.repeat(32)}`, { method: 'POST', body: '{}' }, 403],
      [
        `/api/${acct.projectId}/envelope/?sentry_key=${acct.publicKey}&sentry_version=8`,
        { method: 'POST', body: '{}' },
        400,
      ],
      [
        `/api/${acct.projectId}/envelope/?sentry_key=${acct.publicKey}`,
        { method: 'POST', body: '{}', headers: { 'content-encoding': 'compress' } },
        415,
      ],
      [
        `/api/${acct.projectId}/envelope/?sentry_key=${acct.publicKey}`,
        { method: 'POST', body: `{}\n{"type":"event"}\n${'x'.repeat(2 * 1024 * 1024)}` },
        413,
      ],
    ];
    for (const [path, init, status] of cases) {
      const res = await fetch(server.url + path, init);
      expect(res.status, path).toBe(status);
      expect((await res.json()) as unknown).toHaveProperty('detail');
    }
  });

  it('refuses a replay segment that inflates past 100 MiB with 413, counted as a replay', async () => {
    const replayId = newEventId();
    const bomb = deflateSync(Buffer.alloc(101 * 1024 * 1024), { level: 9 });
    const recording = Buffer.concat([Buffer.from('{"segment_id":0}\n'), bomb]);
    const body = Buffer.concat([
      Buffer.from(`{"event_id":"${replayId}"}\n{"type":"replay_event"}\n`),
      Buffer.from(JSON.stringify({ type: 'replay_event', replay_id: replayId, segment_id: 0 }) + '\n'),
      Buffer.from(`{"type":"replay_recording","length":${recording.length}}\n`),
      recording,
    ]);
    const res = await fetch(envelopeUrl(server.url, acct.projectId, acct.publicKey), {
      method: 'POST',
      body,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/replay recording inflates past/);
    const api = new ApiClient(server.url, acct.token);
    await waitFor(
      async () => {
        const s = await api.get<{
          groups: Array<{ by: Record<string, string>; totals: Record<string, number> }>;
        }>(
          `/api/0/organizations/${acct.org}/stats_v2/?statsPeriod=1h&groupBy=outcome&groupBy=category&groupBy=reason`,
        );
        return s.groups.some(
          (g) =>
            g.by.outcome === 'invalid' && g.by.category === 'replay' && g.by.reason === 'replay_too_large',
        );
      },
      15_000,
      'replay_too_large outcome',
    );
  });

  it('takes the client IP from the socket, not from X-Forwarded-For, unless told to trust a proxy', async () => {
    expect(await autoIp(server, acct, '203.0.113.9')).toBe('127.0.0.1');
  });

  it('keeps a replay readable when one of its segments is not valid JSON', async () => {
    const replayId = newEventId();
    const segment = (n: number, text: string) => replaySegmentEnvelope(replayId, n, text);
    const url = envelopeUrl(server.url, acct.projectId, acct.publicKey);
    for (const body of [segment(0, '[{"type":4,"timestamp":1,"data":{}}]'), segment(1, '[1,,]')])
      expect((await fetch(url, { method: 'POST', body })).status).toBe(200);
    const api = new ApiClient(server.url, acct.token);
    const path = `/api/0/projects/${acct.org}/${acct.project}/replays/${replayId}/recording-segments/`;
    await waitFor(
      async () => ((await api.get<{ data: unknown[] }>(path)).data.length === 2 ? true : null),
      15_000,
      'both segments',
    );
    expect(await api.get(`${path}?download`)).toEqual([[{ type: 4, timestamp: 1, data: {} }], []]);
  });
});

/** The IP the server stored for an event sent with `{{auto}}` and the given X-Forwarded-For. */
async function autoIp(server: TestServer, acct: Provisioned, forwardedFor: string): Promise<unknown> {
  const id = newEventId();
  const res = await fetch(envelopeUrl(server.url, acct.projectId, acct.publicKey), {
    method: 'POST',
    headers: { 'x-forwarded-for': forwardedFor },
    body: eventEnvelope({ ...errorEvent(id), user: { id: 'u1', ip_address: '{{auto}}' } }),
  });
  expect(res.status).toBe(200);
  const api = new ApiClient(server.url, acct.token);
  const event = await waitFor(
    async () => {
      const got = await api.request('GET', `/api/0/projects/${acct.org}/${acct.project}/events/${id}/`);
      return got.status === 200 ? (got.body as { user: { ip_address?: unknown } }) : null;
    },
    10_000,
    `event ${id}`,
  );
  return event.user.ip_address;
}

describe('ingest edge behind a proxy (--trust-proxy)', () => {
  it("takes the client IP from X-Forwarded-For's first hop", async () => {
    const server = await startServer({ args: ['--trust-proxy'] });
    try {
      const acct = provision(server.dataDir, server.port);
      await waitForIngest(server, acct);
      expect(await autoIp(server, acct, '203.0.113.9, 10.0.0.2')).toBe('203.0.113.9');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
