import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, waitFor } from '../harness/api.js';
import { envelopeUrl, transactionEnvelope, transactionEvent } from '../harness/envelopes.js';
import {
  lastLine,
  provision,
  runCli,
  startServer,
  waitForIngest,
  type Provisioned,
  type TestServer,
} from '../harness/server.js';

type Row = Record<string, unknown>;
const ALPHA = 5.8875;
const BETA = 111.8625;
const misery = (miserable: number, users: number) => (miserable + ALPHA) / (users + ALPHA + BETA);

/**
 * Sentry's transaction-threshold routes (the project's and per-transaction overrides), their access
 * rules, and what they do to `apdex()`, `user_misery()` and `project_threshold_config`.
 */
describe('transaction thresholds API', () => {
  let server: TestServer;
  let acct: Provisioned;
  let owner: ApiClient;
  let member: ApiClient;
  let outsider: ApiClient;
  let userId: string;
  const configure = () => `/api/0/projects/${acct.org}/${acct.project}/transaction-threshold/configure/`;
  const override = (query = '') =>
    `/api/0/organizations/${acct.org}/project-transaction-threshold-override/${query}`;
  const named = (transaction: string) =>
    `?project=${acct.projectId}&transaction=${encodeURIComponent(transaction)}`;

  /** The Discover row of each transaction of the project: apdex, misery and the threshold used. */
  const scores = async (): Promise<Record<string, Row>> => {
    const fields = ['transaction', 'project.id', 'count()', 'apdex()', 'user_misery()', 'apdex(300)'];
    const { data } = await owner.get<{ data: Row[] }>(
      `/api/0/organizations/${acct.org}/events/?dataset=transactions&statsPeriod=1h&project=${acct.projectId}` +
        `&field=project_threshold_config&${fields.map((f) => `field=${encodeURIComponent(f)}`).join('&')}`,
    );
    return Object.fromEntries(data.map((r) => [String(r.transaction), r]));
  };

  beforeAll(async () => {
    server = await startServer();
    acct = provision(server.dataDir, server.port);
    owner = new ApiClient(server.url, acct.token);
    await waitForIngest(server, acct);
    userId = (await owner.get<{ id: string }>('/api/0/users/me/')).id;
    const added = await owner.request('POST', `/api/0/organizations/${acct.org}/members/`, {
      email: 'member@example.com',
      password: 'long-enough-pw',
      role: 'member',
    });
    expect(added.status).toBe(201);
    member = new ApiClient(
      server.url,
      lastLine(runCli(['token', 'create', '--user', 'member@example.com'], server.dataDir)),
    );
    runCli(
      ['createuser', '--email', 'mallory@example.com', '--password', 'long-enough-pw', '--no-input'],
      server.dataDir,
    );
    runCli(['org', 'create', 'other', '--owner', 'mallory@example.com'], server.dataDir);
    outsider = new ApiClient(
      server.url,
      lastLine(runCli(['token', 'create', '--user', 'mallory@example.com'], server.dataDir)),
    );

    // GET /fast: 100 and 250 ms (u1), 700 ms (u2), 2,000 ms (u3); GET /other: 120 and 600 ms (u4).
    // Durations stay clear of every limit below, so float seconds cannot tip one over.
    const events = [
      transactionEvent('GET /fast', 100, 'u1'),
      transactionEvent('GET /fast', 250, 'u1'),
      transactionEvent('GET /fast', 700, 'u2'),
      transactionEvent('GET /fast', 2_000, 'u3'),
      transactionEvent('GET /other', 120, 'u4'),
      transactionEvent('GET /other', 600, 'u4'),
    ];
    for (const event of events) {
      const res = await fetch(envelopeUrl(server.url, acct.projectId, acct.publicKey), {
        method: 'POST',
        body: transactionEnvelope(event),
      });
      expect(res.status).toBe(200);
    }
    await waitFor(
      async () => {
        const s = await scores();
        return s['GET /fast']?.['count()'] === 4 && s['GET /other']?.['count()'] === 2;
      },
      20_000,
      'six transactions',
    );
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it("configures the project's threshold, the same value as its apdex option", async () => {
    // None configured: Sentry answers the default, with an empty id.
    expect(await owner.get(configure())).toEqual({
      id: '',
      projectId: acct.projectId,
      threshold: '300',
      metric: 'duration',
    });
    const created = await owner.request('POST', configure(), { threshold: 100, metric: 'lcp' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: acct.projectId,
      projectId: acct.projectId,
      threshold: '100',
      metric: 'lcp',
      editedBy: userId,
    });
    const body = created.body as { dateAdded: string; dateUpdated: string };
    expect(Date.parse(body.dateAdded)).toBeGreaterThan(Date.now() - 60_000);
    const projectPath = `/api/0/projects/${acct.org}/${acct.project}/`;
    const option = async () =>
      (await owner.get<{ options: Record<string, unknown> }>(projectPath)).options['sentry:apdex_threshold'];
    expect(await option()).toBe(100);

    // What a POST leaves out stays; the option edits the same threshold, keeping its metric.
    const changed = await owner.request('POST', configure(), { threshold: '200' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ threshold: '200', metric: 'lcp', dateAdded: body.dateAdded });
    expect(
      (await owner.request('PUT', projectPath, { options: { 'sentry:apdex_threshold': 450 } })).status,
    ).toBe(200);
    expect(await owner.get(configure())).toMatchObject({ threshold: '450', metric: 'lcp' });

    // Under an LCP threshold the backend transactions (no LCP) are all frustrated: apdex 0, nobody miserable.
    const lcp = await scores();
    expect(lcp['GET /fast']).toMatchObject({ 'apdex()': 0, project_threshold_config: ['lcp', 450] });
    expect(lcp['GET /fast']!['user_misery()']).toBeCloseTo(misery(0, 3), 12);

    const reset = await owner.request('DELETE', configure());
    expect(reset.status).toBe(204);
    expect(await owner.get(configure())).toMatchObject({ id: '', threshold: '300', metric: 'duration' });
    expect(await option()).toBe(300);
    expect((await scores())['GET /fast']).toMatchObject({
      'apdex()': 0.625,
      project_threshold_config: ['duration', 300],
    });
  });

  it('overrides one transaction: its apdex and misery change, the others keep the project threshold', async () => {
    const before = await scores();
    // T = 300: 100 and 250 satisfied, 700 tolerating, 2,000 frustrated → (2 + 1/2) / 4; u3 miserable.
    expect(before['GET /fast']).toMatchObject({ 'apdex()': 0.625, 'apdex(300)': 0.625 });
    expect(before['GET /fast']!['user_misery()']).toBeCloseTo(misery(1, 3), 12);
    expect(before['GET /other']).toMatchObject({ 'apdex()': 0.75 });
    expect(await member.request('GET', override(named('GET /fast')))).toMatchObject({ status: 404 });

    const created = await owner.request('POST', override(), {
      transaction: 'GET /fast',
      project: acct.projectId,
      threshold: 50,
      metric: 'duration',
    });
    expect(created.status).toBe(201);
    const shape = {
      transaction: 'GET /fast',
      projectId: acct.projectId,
      threshold: '50',
      metric: 'duration',
      editedBy: userId,
    };
    expect(created.body).toMatchObject(shape);
    // Any member reads it.
    expect(await member.get(override(named('GET /fast')))).toMatchObject(shape);

    // T = 50: 100 tolerating (≤ 200), the rest frustrated → (0 + 1/2) / 4; 4T = 200: u1 (250), u2, u3 miserable.
    const after = await scores();
    expect(after['GET /fast']).toMatchObject({
      'apdex()': 0.125,
      'apdex(300)': 0.625,
      project_threshold_config: ['duration', 50],
    });
    expect(after['GET /fast']!['user_misery()']).toBeCloseTo(misery(3, 3), 12);
    expect(after['GET /other']).toMatchObject({
      'apdex()': 0.75,
      project_threshold_config: ['duration', 300],
    });
    // The transaction's series and its one-row summary (no grouping) follow the override too.
    const query = `&query=${encodeURIComponent('transaction:"GET /fast"')}&statsPeriod=1h&project=${acct.projectId}`;
    const summary = await owner.get<{ data: Row[] }>(
      `/api/0/organizations/${acct.org}/events/?dataset=transactions&field=apdex()&field=project_threshold_config${query}`,
    );
    expect(summary.data).toEqual([{ 'apdex()': 0.125, project_threshold_config: ['duration', 50] }]);
    const series = await owner.get<{ data: Array<[number, Array<{ count: number }>]> }>(
      `/api/0/organizations/${acct.org}/events-stats/?yAxis=apdex()&interval=1h${query}`,
    );
    expect(series.data.some(([, [v]]) => v!.count === 0.125)).toBe(true);

    // Posting again replaces it (200); an LCP override leaves these backend transactions all frustrated.
    const replaced = await owner.request('POST', override(`?project=${acct.projectId}`), {
      transaction: 'GET /fast',
      threshold: 1_000,
      metric: 'lcp',
    });
    expect(replaced).toMatchObject({ status: 200, body: { threshold: '1000', metric: 'lcp' } });
    expect((await scores())['GET /fast']).toMatchObject({ 'apdex()': 0 });

    // Deleting (Sentry's UI sends the name in the body) goes back to the project threshold.
    const deleted = await owner.request('DELETE', override(`?project=${acct.projectId}`), {
      transaction: 'GET /fast',
    });
    expect(deleted.status).toBe(204);
    expect((await owner.request('GET', override(named('GET /fast')))).status).toBe(404);
    expect((await scores())['GET /fast']).toMatchObject({ 'apdex()': 0.625 });
    expect((await owner.request('DELETE', override(named('GET /fast')))).status).toBe(204);
  });

  it('refuses bad input with a detail', async () => {
    const bad = async (method: string, path: string, body?: unknown) => {
      const res = await owner.request(method, path, body);
      expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(typeof (res.body as { detail?: unknown }).detail).toBe('string');
      return (res.body as { detail: string }).detail;
    };
    expect(await bad('POST', configure(), { threshold: 0 })).toMatch(/threshold must be a whole number/);
    await bad('POST', configure(), { threshold: 60_001 });
    await bad('POST', configure(), { threshold: 2.5 });
    await bad('POST', configure(), { threshold: 'soon' });
    expect(await bad('POST', configure(), { metric: 'fcp' })).toMatch(/metric must be one of/);
    await bad('POST', configure(), [300]);
    await bad('PUT', `/api/0/projects/${acct.org}/${acct.project}/`, {
      options: { 'sentry:apdex_threshold': -5 },
    });

    const valid = { transaction: 'GET /fast', project: acct.projectId, threshold: 100, metric: 'duration' };
    expect(await bad('POST', override(), { ...valid, project: undefined })).toMatch(/Only 1 project/);
    await bad('POST', override(`?project=${acct.projectId}&project=999999`), valid);
    await bad('POST', override(), { ...valid, transaction: '' });
    await bad('POST', override(), { ...valid, transaction: 'x'.repeat(201) });
    await bad('POST', override(), { ...valid, threshold: undefined });
    await bad('POST', override(), { ...valid, metric: undefined });
    await bad('GET', override(`?project=${acct.projectId}`));
    await bad('DELETE', override(`?project=${acct.projectId}`));
    // Nothing was stored by any of them.
    expect(await owner.get(configure())).toMatchObject({ id: '' });
    expect((await owner.request('GET', override(named('GET /fast')))).status).toBe(404);
  });

  it('lets members read and owners and managers write; others and unknown projects get 404', async () => {
    const valid = { transaction: 'GET /fast', project: acct.projectId, threshold: 100, metric: 'duration' };
    expect((await member.request('GET', configure())).status).toBe(200);
    expect((await member.request('POST', configure(), { threshold: 100 })).status).toBe(403);
    expect((await member.request('DELETE', configure())).status).toBe(403);
    expect((await member.request('POST', override(), valid)).status).toBe(403);
    expect((await member.request('DELETE', override(named('GET /fast')))).status).toBe(403);

    // Another organization's member learns nothing: not the project, not the organization.
    expect((await outsider.request('GET', configure())).status).toBe(404);
    expect((await outsider.request('POST', configure(), { threshold: 100 })).status).toBe(404);
    expect((await outsider.request('GET', override(named('GET /fast')))).status).toBe(404);
    expect((await outsider.request('POST', override(), valid)).status).toBe(404);
    const missing = `/api/0/projects/${acct.org}/nope/transaction-threshold/configure/`;
    expect((await owner.request('GET', missing)).status).toBe(404);
    expect((await owner.request('POST', override(), { ...valid, project: '999999' })).status).toBe(404);
    expect((await owner.request('GET', override('?project=999999&transaction=x'))).status).toBe(404);
    const unauthenticated = await fetch(new URL(configure(), server.url));
    expect(unauthenticated.status).toBe(401);
  });
});
