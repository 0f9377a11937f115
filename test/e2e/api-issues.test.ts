import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, waitFor } from '../harness/api.js';
import { envelopeUrl, errorEvent, eventEnvelope, newEventId } from '../harness/envelopes.js';
import {
  provision,
  runCli,
  lastLine,
  startServer,
  waitForIngest,
  type Provisioned,
  type TestServer,
} from '../harness/server.js';

type Issue = {
  id: string;
  shortId: string;
  title: string;
  count: string;
  userCount: number;
  status: string;
  level: string;
};

/** The issue API as scripts use it: query language, sorts, pagination, bulk changes and access checks. */
describe('issues API', () => {
  let server: TestServer;
  let acct: Provisioned;
  let api: ApiClient;
  const base = () => `/api/0/projects/${acct.org}/${acct.project}/issues/`;
  const list = (params: string) => api.get<Issue[]>(`${base()}?${params}`);

  async function send(event: Record<string, unknown>): Promise<void> {
    const res = await fetch(envelopeUrl(server.url, acct.projectId, acct.publicKey), {
      method: 'POST',
      body: eventEnvelope(event),
    });
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    server = await startServer();
    acct = provision(server.dataDir, server.port);
    api = new ApiClient(server.url, acct.token);
    await waitForIngest(server, acct);
    // 30 distinct issues; issue k gets k % 3 + 1 events, from k % 2 + 1 users.
    for (let k = 0; k < 30; k++) {
      for (let n = 0; n <= k % 3; n++) {
        await send({
          ...errorEvent(newEventId(), k),
          level: k % 5 === 0 ? 'warning' : 'error',
          environment: k % 2 === 0 ? 'production' : 'staging',
          release: `app@${k % 4}`,
          tags: { region: k < 10 ? 'eu' : 'us' },
          user: { id: `u${n % ((k % 2) + 1)}` },
        });
      }
    }
    await waitFor(async () => (await list('query=&limit=100')).length === 30, 15_000, '30 issues');
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it('filters by the query language', async () => {
    expect(await list('query=')).toHaveLength(25); // default page size
    expect(await api.get(`/api/0/organizations/${acct.org}/environments/`)).toEqual([
      { id: '1', name: 'production' },
      { id: '2', name: 'staging' },
    ]);
    const counted = await api.request('GET', `${base()}?query=environment:staging&limit=5`);
    expect(counted.headers.get('x-hits')).toBe('15');
    expect(await list('query=level:warning&limit=100')).toHaveLength(6);
    expect(await list('query=environment:staging&limit=100')).toHaveLength(15);
    expect(await list('query=region:eu%20environment:production&limit=100')).toHaveLength(5);
    expect(await list('query=!region:eu&limit=100')).toHaveLength(20);
    expect(await list('query=release:app@1&limit=100')).toHaveLength(8);
    expect(await list('query=Variant17Error')).toMatchObject([
      { title: 'Variant17Error: something failed in step 17' },
    ]);
    expect(await list('query=is:resolved')).toEqual([]);
    expect(await list('query=is:unresolved&limit=100')).toHaveLength(30);
    expect((await api.request('GET', `${base()}?query=is:bogus`)).status).toBe(400);
  });

  it('sorts by events, users, first and last seen', async () => {
    const byFreq = await list('query=&sort=freq&limit=100');
    expect(byFreq.slice(0, 10).every((i) => i.count === '3')).toBe(true);
    const byUser = await list('query=&sort=user&limit=100');
    expect(byUser[0]!.userCount).toBe(2);
    expect(byUser.at(-1)!.userCount).toBe(1);
    const byNew = await list('query=&sort=new&limit=100');
    expect(byNew[0]!.title).toContain('Variant29Error');
    expect((await api.request('GET', `${base()}?sort=bogus`)).status).toBe(400);
  });

  it('pages with cursors in Link headers', async () => {
    const seen = new Set<string>();
    let url: string | null = `${base()}?query=&limit=7`;
    let pages = 0;
    while (url) {
      const res = await api.request('GET', url);
      for (const issue of res.body as Issue[]) seen.add(issue.id);
      const next = /<([^>]+)>; rel="next"; results="(true|false)"/.exec(res.headers.get('link') ?? '');
      url = next?.[2] === 'true' ? next[1]! : null;
      pages++;
    }
    expect(pages).toBe(5);
    expect(seen.size).toBe(30);
  });

  it('changes status one by one and in bulk, and deletes', async () => {
    const [a, b, c] = await list('query=&limit=3');
    const one = await api.request('PUT', `/api/0/organizations/${acct.org}/issues/${a!.id}/`, {
      status: 'ignored',
    });
    expect((one.body as Issue).status).toBe('ignored');
    const bulk = await api.request('PUT', `${base()}?id=${b!.id}&id=${c!.id}`, { status: 'resolved' });
    expect(bulk.body).toMatchObject({ status: 'resolved' });
    expect((await list('query=is:resolved')).map((i) => i.id).sort()).toEqual([b!.id, c!.id].sort());
    expect((await api.request('PUT', `/api/0/issues/${a!.id}/`, { status: 'nonsense' })).status).toBe(400);
    expect((await api.request('DELETE', `/api/0/issues/${a!.id}/`)).status).toBe(202);
    expect((await api.request('GET', `/api/0/issues/${a!.id}/`)).status).toBe(404);
  });

  it('serves tags, tag values, hashes and event lists of an issue', async () => {
    const [issue] = await list('query=Variant8Error');
    const detail = await api.get<{ stats: Record<string, Array<[number, number]>> }>(
      `/api/0/issues/${issue!.id}/?statsPeriod=14d`,
    );
    expect(detail.stats['14d']).toHaveLength(14);
    expect(detail.stats['14d']!.reduce((n, [, c]) => n + c, 0)).toBe(3);
    const tags = await api.get<Array<{ key: string; topValues: Array<{ value: string; count: number }> }>>(
      `/api/0/issues/${issue!.id}/tags/`,
    );
    const keys = tags.map((t) => t.key);
    for (const k of ['environment', 'level', 'release', 'region', 'user', 'handled', 'mechanism'])
      expect(keys).toContain(k);
    expect(tags.find((t) => t.key === 'region')!.topValues).toMatchObject([{ value: 'eu', count: 3 }]);
    const values = await api.get<Array<{ value: string }>>(`/api/0/issues/${issue!.id}/tags/user/values/`);
    expect(values.map((v) => v.value)).toEqual(['id:u0']);
    const hashes = await api.get<Array<{ id: string }>>(`/api/0/issues/${issue!.id}/hashes/`);
    expect(hashes[0]!.id).toMatch(/^[0-9a-f]{32}$/);
    const events = await api.get<Array<{ eventID: string }>>(`/api/0/issues/${issue!.id}/events/`);
    expect(events).toHaveLength(3);
    const oldest = await api.get<{ eventID: string; nextEventID: string; previousEventID: string | null }>(
      `/api/0/issues/${issue!.id}/events/oldest/`,
    );
    expect(oldest.previousEventID).toBeNull();
    expect(events.map((e) => e.eventID)).toContain(oldest.nextEventID);
  });

  it('refuses callers without a token and hides other organizations', async () => {
    expect((await fetch(new URL(base(), server.url))).status).toBe(401);
    expect((await new ApiClient(server.url, 'sntryu_nope').request('GET', base())).status).toBe(401);
    // A member of another organization sees neither this organization nor its issues.
    runCli(
      ['createuser', '--email', 'mallory@example.com', '--password', 'long-enough-pw', '--no-input'],
      server.dataDir,
    );
    runCli(['org', 'create', 'other', '--owner', 'mallory@example.com'], server.dataDir);
    const mallory = new ApiClient(
      server.url,
      lastLine(runCli(['token', 'create', '--user', 'mallory@example.com'], server.dataDir)),
    );
    const [issue] = await list('query=&limit=1');
    expect((await mallory.request('GET', `/api/0/issues/${issue!.id}/`)).status).toBe(404);
    expect((await mallory.request('GET', base())).status).toBe(404);
    expect((await mallory.request('PUT', `/api/0/issues/${issue!.id}/`, { status: 'resolved' })).status).toBe(
      404,
    );
    expect((await mallory.request('GET', `/api/0/organizations/${acct.org}/issues/`)).status).toBe(404);
    expect((await mallory.get<Array<{ slug: string }>>('/api/0/organizations/')).map((o) => o.slug)).toEqual([
      'other',
    ]);
  });

  it('lists organizations, projects and keys with DSNs, and creates projects under a team', async () => {
    const projects = await api.get<Array<{ slug: string }>>(`/api/0/organizations/${acct.org}/projects/`);
    expect(projects.map((p) => p.slug)).toEqual([acct.project]);
    const keys = await api.get<Array<{ dsn: { public: string } }>>(
      `/api/0/projects/${acct.org}/${acct.project}/keys/`,
    );
    expect(keys[0]!.dsn.public).toBe(acct.dsn.replace('127.0.0.1', 'localhost'));
    const created = await api.request('POST', `/api/0/teams/${acct.org}/${acct.org}/projects/`, {
      name: 'Mobile App',
      platform: 'python',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'mobile-app', platform: 'python' });
    const key = await api.request('POST', `/api/0/projects/${acct.org}/mobile-app/keys/`, { name: 'CI' });
    expect(key.status).toBe(201);
    expect((key.body as { dsn: { public: string } }).dsn.public).toMatch(
      /^http:\/\/[0-9a-f]{32}@localhost:\d+\/\d+$/,
    );
    expect(
      (await api.request('POST', `/api/0/teams/${acct.org}/${acct.org}/projects/`, { name: 'Mobile App' }))
        .status,
    ).toBe(409);
  });
});
