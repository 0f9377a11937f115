import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, waitFor } from '../harness/api.js';
import { envelopeUrl, errorEvent, eventEnvelope, newEventId } from '../harness/envelopes.js';
import {
  lastLine,
  provision,
  runCli,
  startServer,
  waitForIngest,
  type Provisioned,
  type TestServer,
} from '../harness/server.js';
import { runNodeRateLimited } from './sdk-clients.js';

type RateLimit = { count: number; window: number };
type Key = { id: string; projectId: number; rateLimit: RateLimit | null; dsn: { public: string } };
type Stats = { groups: Array<{ by: Record<string, string>; totals: Record<string, number> }> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HEADER = /^(\d+):default;error;security:key:key_quota$/;

/** An envelope with one error event and one attachment, as the SDKs send them. */
function withAttachment(envelope: Buffer, text: string): Buffer {
  const header = JSON.stringify({ type: 'attachment', length: Buffer.byteLength(text), filename: 'log.txt' });
  return Buffer.concat([envelope, Buffer.from(`\n${header}\n${text}`)]);
}

/** An envelope item with a client report discarding `quantity` transactions by sampling. */
const clientReport = (quantity: number) =>
  `{"type":"client_report"}\n${JSON.stringify({
    timestamp: Date.now() / 1000,
    discarded_events: [{ reason: 'sample_rate', category: 'transaction', quantity }],
  })}`;

/** Per-DSN-key rate limits: the API that sets them, the edge that enforces them, a real SDK obeying. */
describe('key rate limits', () => {
  let server: TestServer;
  let acct: Provisioned;
  let api: ApiClient;
  beforeAll(async () => {
    server = await startServer();
    acct = provision(server.dataDir, server.port);
    api = new ApiClient(server.url, acct.token);
    await waitForIngest(server, acct);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  const keysPath = (project: string) => `/api/0/projects/${acct.org}/${project}/keys/`;

  /** A project of its own (so its outcomes are only this test's) whose key is limited to `rateLimit`. */
  async function limitedKey(slug: string, rateLimit: RateLimit): Promise<Key> {
    const created = await api.request('POST', `/api/0/teams/${acct.org}/${acct.org}/projects/`, {
      name: slug,
      slug,
    });
    expect(created.status).toBe(201);
    const [key] = await api.get<Key[]>(keysPath(slug));
    const res = await api.request('PUT', `${keysPath(slug)}${key!.id}/`, { rateLimit });
    expect(res.status).toBe(200);
    return res.body as Key;
  }

  const post = (key: Key, body: Buffer | string) =>
    fetch(envelopeUrl(server.url, String(key.projectId), key.id), { method: 'POST', body });

  const eventStatus = async (slug: string, id: string) =>
    (await api.request('GET', `/api/0/projects/${acct.org}/${slug}/events/${id}/`)).status;

  const stored = (slug: string, id: string) =>
    waitFor(async () => (await eventStatus(slug, id)) === 200, 15_000, `event ${id} stored`);

  /** Outcome totals of one project, keyed `outcome/category/reason`. */
  async function outcomes(projectId: number): Promise<Record<string, number>> {
    const stats = await api.get<Stats>(
      `/api/0/organizations/${acct.org}/stats_v2/?statsPeriod=1h&project=${projectId}` +
        '&groupBy=outcome&groupBy=category&groupBy=reason',
    );
    const totals: Record<string, number> = {};
    for (const g of stats.groups) {
      const name = `${g.by.outcome}/${g.by.category}/${g.by.reason}`;
      totals[name] = (totals[name] ?? 0) + (g.totals['sum(quantity)'] ?? 0);
    }
    return totals;
  }

  /** Waits until the project's outcomes (written every few seconds) reach `expected`, then checks them. */
  async function expectOutcomes(projectId: number, expected: Record<string, number>): Promise<void> {
    let last: Record<string, number> = {};
    await waitFor(
      async () => {
        last = await outcomes(projectId);
        return Object.entries(expected).every(([name, n]) => last[name] === n);
      },
      20_000,
      'outcomes',
    ).catch(() => undefined);
    expect(last).toMatchObject(expected);
  }

  describe('PUT /api/0/projects/{org}/{project}/keys/{key_id}/', () => {
    it('sets a rate limit and shows it on the key, the key list and the key detail', async () => {
      const key = await limitedKey('api-limits', { count: 5, window: 60 });
      expect(key.rateLimit).toEqual({ window: 60, count: 5 });
      expect((await api.get<Key>(`${keysPath('api-limits')}${key.id}/`)).rateLimit).toEqual({
        window: 60,
        count: 5,
      });
      expect((await api.get<Key[]>(keysPath('api-limits')))[0]!.rateLimit).toEqual({ window: 60, count: 5 });
      // Other fields leave it alone; null, or Sentry's "0 means no limit", removes it.
      const path = `${keysPath('api-limits')}${key.id}/`;
      expect((await api.request('PUT', path, { name: 'Renamed' })).body).toMatchObject({
        name: 'Renamed',
        rateLimit: { window: 60, count: 5 },
      });
      expect((await api.request('PUT', path, { rateLimit: null })).body).toMatchObject({ rateLimit: null });
      await api.request('PUT', path, { rateLimit: { count: '7', window: '3600' } });
      expect((await api.get<Key>(path)).rateLimit).toEqual({ window: 3600, count: 7 });
      expect((await api.request('PUT', path, { rateLimit: { count: 0, window: 60 } })).body).toMatchObject({
        rateLimit: null,
      });
    });

    it('refuses invalid input with 400 and a detail, changing nothing', async () => {
      const [key] = await api.get<Key[]>(keysPath('api-limits'));
      const path = `${keysPath('api-limits')}${key!.id}/`;
      await api.request('PUT', path, { rateLimit: { count: 5, window: 60 } });
      const cases: Array<[unknown, string]> = [
        [{ rateLimit: { count: -1, window: 60 } }, 'rateLimit.count must be between 0 and 2147483647.'],
        [{ rateLimit: { count: 5, window: 86_401 } }, 'rateLimit.window must be between 0 and 86400.'],
        [{ rateLimit: { count: 'many', window: 60 } }, 'rateLimit.count must be a whole number.'],
        [{ rateLimit: { count: 2.5, window: 60 } }, 'rateLimit.count must be a whole number.'],
        [
          { rateLimit: { count: 5 } },
          'rateLimit needs both count and window (null for either removes the limit).',
        ],
        [{ rateLimit: 60 }, 'rateLimit must be an object with count and window, or null.'],
        [{ isActive: 'no' }, 'isActive must be true or false.'],
      ];
      for (const [body, detail] of cases) {
        const res = await api.request('PUT', path, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body).toEqual({ detail });
      }
      expect(await api.get<Key>(path)).toMatchObject({ isActive: true, rateLimit: { count: 5, window: 60 } });
    });

    it('needs authentication and the manager role, and only finds keys of that project', async () => {
      const [key] = await api.get<Key[]>(keysPath('api-limits'));
      const path = `${keysPath('api-limits')}${key!.id}/`;
      const anonymous = await fetch(new URL(path, server.url), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rateLimit: null }),
      });
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toHaveProperty('detail');

      const member = await api.request('POST', `/api/0/organizations/${acct.org}/members/`, {
        email: 'dev@example.com',
        role: 'member',
        password: 'dev-password-1',
      });
      expect(member.status).toBe(201);
      const dev = new ApiClient(
        server.url,
        lastLine(runCli(['token', 'create', '--user', 'dev@example.com'], server.dataDir)),
      );
      expect((await dev.get<Key>(path)).rateLimit).toEqual({ count: 5, window: 60 });
      const refused = await dev.request('PUT', path, { rateLimit: null });
      expect(refused.status).toBe(403);
      expect(refused.body).toHaveProperty('detail');

      expect(
        (await api.request('PUT', `${keysPath('api-limits')}${'f'.repeat(32)}/`, { rateLimit: null })).status,
      ).toBe(404);
      expect(
        (await api.request('PUT', `${keysPath(acct.project)}${key!.id}/`, { rateLimit: null })).status,
      ).toBe(404);
      expect((await api.get<Key>(path)).rateLimit).toEqual({ count: 5, window: 60 });
    });
  });

  describe('at the ingest edge', () => {
    it('answers 429 with Retry-After and X-Sentry-Rate-Limits once the key is over, counting every item', async () => {
      const key = await limitedKey('over-limit', { count: 2, window: 60 });
      const accepted = [newEventId(), newEventId()];
      for (const id of accepted) {
        const res = await post(key, eventEnvelope(errorEvent(id)));
        expect(res.status).toBe(200);
        expect(res.headers.get('x-sentry-rate-limits')).toBeNull();
      }
      const refusedId = newEventId();
      const log = 'a line of log\n'.repeat(20);
      const res = await post(key, withAttachment(eventEnvelope(errorEvent(refusedId)), log));
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(50);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(res.headers.get('x-sentry-rate-limits')).toBe(
        `${retryAfter}:default;error;security:key:key_quota`,
      );
      expect(res.headers.get('access-control-expose-headers')).toContain('x-sentry-rate-limits');
      expect(((await res.json()) as { detail: string }).detail).toMatch(
        /rate limit of 2 error events per 60 s is reached/,
      );
      // The legacy store endpoint is limited the same way.
      const store = await fetch(`${server.url}/api/${key.projectId}/store/?sentry_key=${key.id}`, {
        method: 'POST',
        body: JSON.stringify(errorEvent(newEventId())),
      });
      expect(store.status).toBe(429);
      expect(store.headers.get('x-sentry-rate-limits')).toMatch(HEADER);

      await expectOutcomes(key.projectId, {
        'accepted/error/stored': 2,
        'rate_limited/error/key_quota': 2,
        'rate_limited/attachment/key_quota': Buffer.byteLength(log),
      });
      for (const id of accepted) await stored('over-limit', id);
      expect(await eventStatus('over-limit', refusedId)).toBe(404);
    });

    it('accepts the rest of a partly limited envelope with 200 and the limited categories in the header', async () => {
      const key = await limitedKey('partly-limited', { count: 1, window: 60 });
      expect((await post(key, eventEnvelope(errorEvent(newEventId())))).status).toBe(200);
      const id = newEventId();
      const res = await post(key, `${eventEnvelope(errorEvent(id)).toString()}\n${clientReport(7)}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id });
      expect(res.headers.get('x-sentry-rate-limits')).toMatch(HEADER);
      expect(res.headers.get('retry-after')).toBeNull();
      // An envelope without events is told of the limit too, so the SDK holds its errors back.
      const later = await post(key, `{}\n${clientReport(5)}`);
      expect(later.status).toBe(200);
      expect(later.headers.get('x-sentry-rate-limits')).toMatch(HEADER);

      // The client reports were accepted and digested; only the refused event is missing.
      await expectOutcomes(key.projectId, {
        'accepted/error/stored': 1,
        'rate_limited/error/key_quota': 1,
        'client_discard/transaction/sample_rate': 12,
      });
      expect(await eventStatus('partly-limited', id)).toBe(404);
    });

    it('lifts the limit when the window closes', async () => {
      const key = await limitedKey('short-window', { count: 1, window: 2 });
      expect((await post(key, eventEnvelope(errorEvent(newEventId())))).status).toBe(200);
      const refused = await post(key, eventEnvelope(errorEvent(newEventId())));
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);
      await sleep(retryAfter * 1000 + 100);
      const next = await post(key, eventEnvelope(errorEvent(newEventId())));
      expect(next.status).toBe(200);
      expect(next.headers.get('x-sentry-rate-limits')).toBeNull();
      // A new window: one event, then refused again.
      expect((await post(key, eventEnvelope(errorEvent(newEventId())))).status).toBe(429);
    });

    it('applies a limit set through the API to the very next request, and its removal too', async () => {
      const key = await limitedKey('changed-limit', { count: 1, window: 600 });
      expect((await post(key, eventEnvelope(errorEvent(newEventId())))).status).toBe(200);
      expect((await post(key, eventEnvelope(errorEvent(newEventId())))).status).toBe(429);
      await api.request('PUT', `${keysPath('changed-limit')}${key.id}/`, { rateLimit: null });
      expect((await post(key, eventEnvelope(errorEvent(newEventId())))).status).toBe(200);
    });
  });

  it('makes the real @sentry/node SDK stop sending errors until Retry-After passes, and report them', async () => {
    const key = await limitedKey('sdk-limited', { count: 3, window: 5 });
    // The server listens on 127.0.0.1; the DSN says localhost, which may resolve to ::1 first.
    const dsn = key.dsn.public.replace('localhost', '127.0.0.1');
    // Eight errors one request at a time: three fit, the fourth is refused with a 429, and the SDK
    // must then drop the other four itself. After the window (and the Retry-After) one more passes.
    const ids = await runNodeRateLimited(dsn, { burst: 8, waitMs: 6_500 });
    expect(ids).toHaveLength(9);
    for (const id of [...ids.slice(0, 3), ids[8]!]) await stored('sdk-limited', id);
    await expectOutcomes(key.projectId, {
      'accepted/error/stored': 4,
      // Only the one refused request reached the server: the SDK sent nothing in between.
      'rate_limited/error/key_quota': 1,
      // …and said so in its client report.
      'client_discard/error/ratelimit_backoff': 4,
    });
    for (const id of ids.slice(3, 8)) expect(await eventStatus('sdk-limited', id!)).toBe(404);
  });
});
