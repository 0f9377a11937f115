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

  it('gives INP per page from standalone interaction spans, kept out of the transaction list', async () => {
    // JS SDK v11 shape: a page load segment, and each INP as its own `ui.interaction.click` span (in its
    // own container, sent when the page is hidden) carrying `browser.web_vital.inp.value`.
    const now = Date.now() / 1000;
    const hex = (n: number) => n.toString(16).padStart(32, '0');
    const container = (traceId: string, items: unknown[]) =>
      Buffer.from(
        `${JSON.stringify({ sent_at: new Date().toISOString(), trace: { trace_id: traceId, public_key: acct.publicKey } })}\n` +
          `${JSON.stringify({ type: 'span', item_count: items.length, content_type: 'application/vnd.sentry.items.span.v2+json' })}\n` +
          JSON.stringify({ version: 2, items }),
      );
    const attrs = (o: Record<string, string | number>) =>
      Object.fromEntries(
        Object.entries(o).map(([k, v]) => [
          k,
          { value: v, type: typeof v === 'number' ? 'double' : 'string' },
        ]),
      );
    const base = {
      'sentry.sdk.name': 'sentry.javascript.browser',
      'sentry.environment': 'inp-test',
    };
    const bodies: Buffer[] = [];
    const inps: Array<[string, number]> = [
      ['/inp-page', 100],
      ['/inp-page', 300],
      ['/inp-page', 600],
      ['/other-page', 150],
    ];
    inps.forEach(([page, inp], i) => {
      const traceId = hex(0xbeef00 + i);
      const pageSpan = (0xa000 + i).toString(16).padStart(16, '0');
      const clickSpan = (0xb000 + i).toString(16).padStart(16, '0');
      bodies.push(
        container(traceId, [
          {
            name: page,
            span_id: pageSpan,
            trace_id: traceId,
            start_timestamp: now - 10,
            end_timestamp: now - 9,
            is_segment: true,
            status: 'ok',
            attributes: attrs({ ...base, 'sentry.op': 'pageload', 'sentry.segment.name.source': 'route' }),
          },
        ]),
        container(traceId, [
          {
            name: 'body > button',
            span_id: clickSpan,
            trace_id: traceId,
            parent_span_id: pageSpan,
            start_timestamp: now - 9.5,
            end_timestamp: now - 9.5 + inp / 1000,
            is_segment: true,
            status: 'ok',
            attributes: attrs({
              ...base,
              'sentry.op': 'ui.interaction.click',
              'sentry.origin': 'auto.http.browser.inp',
              'sentry.transaction': page,
              'browser.web_vital.inp.value': inp,
            }),
          },
        ]),
      );
    });
    for (const body of bodies) {
      const res = await fetch(`${server.url}/api/${acct.projectId}/envelope/?sentry_key=${acct.publicKey}`, {
        method: 'POST',
        body,
      });
      expect(res.status).toBe(200);
    }
    const query = (terms: string, fields: string) =>
      api.get<{ data: Row[] }>(
        `/api/0/organizations/${acct.org}/events/?dataset=transactions&${fields}&environment=inp-test` +
          `&statsPeriod=1h&sort=transaction&query=${encodeURIComponent(terms)}`,
      );
    const perPage = 'field=transaction&field=count()&field=p75(measurements.inp)';
    const inpRows = await waitFor(
      async () => {
        const { data } = await query('transaction.op:ui.interaction.click', perPage);
        return data.length === 2 && data[0]!['count()'] === 3 ? data : null;
      },
      20_000,
      'the interactions',
    );
    // [100, 300, 600]: p75 at rank 1.5 → 300 + 0.5 × 300.
    expect(inpRows).toEqual([
      { transaction: '/inp-page', 'count()': 3, 'p75(measurements.inp)': 450 },
      { transaction: '/other-page', 'count()': 1, 'p75(measurements.inp)': 150 },
    ]);
    // One value per interaction, for good/meh/poor shares (200 / 500 ms): one of each on /inp-page.
    const raw = await query(
      'transaction.op:ui.interaction.click transaction:/inp-page',
      'field=transaction&field=measurements.inp',
    );
    expect(raw.data.map((r) => r['measurements.inp']).sort((a, b) => Number(a) - Number(b))).toEqual([
      100, 300, 600,
    ]);
    // By default only the page loads are transactions; the clicks are not.
    const { data: loads } = await query('', perPage);
    expect(loads).toEqual([
      { transaction: '/inp-page', 'count()': 3, 'p75(measurements.inp)': null },
      { transaction: '/other-page', 'count()': 1, 'p75(measurements.inp)': null },
    ]);
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
