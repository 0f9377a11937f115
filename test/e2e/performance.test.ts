import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, waitFor } from '../harness/api.js';
import {
  provision,
  startServer,
  waitForIngest,
  type Provisioned,
  type TestServer,
} from '../harness/server.js';
import { hasPythonSdk, runNodeTracing, runPythonApp } from './sdk-clients.js';

type Row = Record<string, number | string | null>;

/** Transactions from the real SDKs, read back through Sentry's Discover and trace routes. */
describe('performance end to end', () => {
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

  const summary = (name: string) =>
    api.get<{ data: Row[] }>(
      `/api/0/organizations/${acct.org}/events/?dataset=transactions&field=transaction&field=count()` +
        `&field=failure_rate()&field=p50()&field=p95(transaction.duration)&field=apdex(300)&field=count_unique(user)` +
        `&query=${encodeURIComponent(`transaction:"${name}"`)}&statsPeriod=1h&sort=-count()`,
    );

  it.each(['stream', 'static'] as const)('summarises @sentry/node transactions sent as %s', async (mode) => {
    const name = `GET /orders/:id (${mode})`;
    const traces = await runNodeTracing(acct.dsn, { mode, count: 8, name });
    expect(traces).toHaveLength(8);
    const { data } = await waitFor(
      async () => {
        const s = await summary(name);
        return s.data[0]?.['count()'] === 8 ? s : null;
      },
      20_000,
      `${mode} transactions`,
    );
    const row = data[0]!;
    expect(row.transaction).toBe(name);
    expect(row['failure_rate()']).toBe(0.25); // every fourth request failed
    expect(row['count_unique(user)']).toBe(1);
    // Each request slept 20 + 10 ms in its child spans.
    expect(row['p50()']).toBeGreaterThanOrEqual(29);
    expect(row['p95(transaction.duration)']).toBeGreaterThanOrEqual(row['p50()'] as number);
    expect(row['apdex(300)']).toBe(1);

    const list = await api.get<{ data: Row[] }>(
      `/api/0/organizations/${acct.org}/events/?dataset=transactions&field=id&field=transaction` +
        `&query=${encodeURIComponent(`transaction:"${name}"`)}&statsPeriod=1h`,
    );
    const event = await api.get<{
      type: string;
      entries: Array<{ type: string; data: Array<{ op: string }> }>;
    }>(`/api/0/projects/${acct.org}/${acct.project}/events/${String(list.data[0]!.id)}/`);
    expect(event.type).toBe('transaction');
    const spans = event.entries.find((e) => e.type === 'spans')!.data;
    expect(spans.map((s) => s.op)).toEqual(['db.query', 'db.query']);

    const trace = await api.get<{ transactions: Array<{ transaction: string; children: unknown[] }> }>(
      `/api/0/organizations/${acct.org}/events-trace/${traces[0]}/`,
    );
    expect(trace.transactions).toMatchObject([{ transaction: name, children: [] }]);
  });

  it("uses the project's apdex threshold, set in its options, when a query names none", async () => {
    const name = 'GET /orders/:id (stream)';
    const projectPath = `/api/0/projects/${acct.org}/${acct.project}/`;
    const scores = async () => {
      const { data } = await api.get<{ data: Row[] }>(
        `/api/0/organizations/${acct.org}/events/?dataset=transactions&field=transaction&field=apdex()` +
          `&field=user_misery()&field=apdex(300)&query=${encodeURIComponent(`transaction:"${name}"`)}&statsPeriod=1h`,
      );
      return data[0]!;
    };
    expect((await api.get<{ options: Record<string, unknown> }>(projectPath)).options).toMatchObject({
      'sentry:apdex_threshold': 300,
    });
    expect(await scores()).toMatchObject({ 'apdex()': 1, 'apdex(300)': 1 });

    // T = 1 ms: every request (≥ 30 ms) is slower than 4T, so frustrated, and its one user miserable.
    const put = await api.request('PUT', projectPath, { options: { 'sentry:apdex_threshold': 1 } });
    expect(put.status).toBe(200);
    expect((put.body as { options: Record<string, unknown> }).options['sentry:apdex_threshold']).toBe(1);
    const strict = await scores();
    expect(strict['apdex()']).toBe(0);
    expect(strict['user_misery()']).toBeCloseTo((1 + 5.8875) / (1 + 5.8875 + 111.8625), 12);
    expect(strict['apdex(300)']).toBe(1); // a threshold in the field still wins
    const series = await api.get<{ data: Array<[number, Array<{ count: number }>]> }>(
      `/api/0/organizations/${acct.org}/events-stats/?yAxis=apdex()&interval=1h&statsPeriod=1h` +
        `&query=${encodeURIComponent(`transaction:"${name}"`)}`,
    );
    expect(series.data.some(([, [v]]) => v!.count === 0)).toBe(true);

    const bad = await api.request('PUT', projectPath, { options: { 'sentry:apdex_threshold': -5 } });
    expect(bad.status).toBe(400);
    await api.request('PUT', projectPath, { options: { 'sentry:apdex_threshold': null } });
    expect(await scores()).toMatchObject({ 'apdex()': 1 });
  });

  it('serves a count series for charts', async () => {
    const stats = await api.get<{ data: Array<[number, Array<{ count: number }>]> }>(
      `/api/0/organizations/${acct.org}/events-stats/?yAxis=count()&interval=1h&statsPeriod=3h`,
    );
    expect(stats.data.reduce((n, [, [v]]) => n + v!.count, 0)).toBeGreaterThanOrEqual(16);
  });

  it.skipIf(!hasPythonSdk())('stores a Python SDK transaction with its span', async () => {
    await runPythonApp(acct.dsn, ['transaction']);
    const { data } = await waitFor(
      async () => {
        const s = await summary('py-nightly-report');
        return s.data[0]?.['count()'] === 1 ? s : null;
      },
      20_000,
      'python transaction',
    );
    expect(data[0]!['failure_rate()']).toBe(0);
  });
});
