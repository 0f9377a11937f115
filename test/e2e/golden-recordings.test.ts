import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../src/protocol/envelope.js';
import { inflateRecording, splitRecording } from '../../src/protocol/replay-recording.js';
import { listRecordings, loadRecording } from '../fixtures.js';
import { ApiClient, waitFor } from '../harness/api.js';
import { openStoreReader } from '../harness/store-reader.js';
import {
  lastLine,
  provision,
  runCli,
  startServer,
  waitForIngest,
  type Provisioned,
  type TestServer,
} from '../harness/server.js';

const FIXTURE_KEY = '0123456789abcdef0123456789abcdef';
type Project = { projectId: string; publicKey: string; slug: string };
type Issue = { id: string; title: string; culprit: string; count: string; level: string };
type EventBody = {
  eventID: string;
  entries: Array<{ type: string; data: Record<string, unknown> }>;
  user: Record<string, unknown> | null;
  tags: Array<{ key: string; value: string }>;
  contexts: Record<string, unknown>;
};
type Stats = { groups: Array<{ by: Record<string, string>; totals: Record<string, number> }> };

/**
 * Replays every recorded SDK request (bodies byte for byte, still compressed as sent) against the built
 * server, rewriting only the DSN key and project id, and checks what was stored.
 */
describe('golden: recorded SDK traffic', () => {
  let server: TestServer;
  let acct: Provisioned;
  let api: ApiClient;
  const projects = new Map<string, Project>();
  const answers = new Map<string, number>();

  beforeAll(async () => {
    server = await startServer();
    acct = provision(server.dataDir, server.port, { project: 'node' });
    projects.set('1', { projectId: acct.projectId, publicKey: acct.publicKey, slug: 'node' });
    for (const [fixtureId, slug] of [
      ['2', 'python'],
      ['3', 'browser'],
    ] as const) {
      const dsn = new URL(
        lastLine(
          runCli(
            ['project', 'create', '--org', acct.org, '--slug', slug, '--public-url', server.url],
            server.dataDir,
          ),
        ),
      );
      projects.set(fixtureId, { projectId: dsn.pathname.slice(1), publicKey: dsn.username, slug });
    }
    api = new ApiClient(server.url, acct.token);
    for (const p of projects.values()) await waitForIngest(server, p);
    for (const file of listRecordings().filter((f) => !f.startsWith('sentry-cli'))) {
      const rec = loadRecording(file);
      const fixtureProject = /^\/api\/(\d+)\//.exec(rec.url)![1]!;
      const target = projects.get(fixtureProject)!;
      const url = rec.url
        .replace(`/api/${fixtureProject}/`, `/api/${target.projectId}/`)
        .replace(FIXTURE_KEY, target.publicKey);
      const headers = { ...rec.headers };
      delete headers.host;
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      if (headers['x-sentry-auth'])
        headers['x-sentry-auth'] = headers['x-sentry-auth'].replace(FIXTURE_KEY, target.publicKey);
      const res = await fetch(server.url + url, { method: rec.method, headers, body: rec.rawBody });
      answers.set(file, res.status);
    }
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  const projectOf = (slug: string) => [...projects.values()].find((p) => p.slug === slug)!.projectId;
  const issuesOf = (slug: string) => api.get<Issue[]>(`/api/0/projects/${acct.org}/${slug}/issues/?query=`);
  const eventOf = (slug: string, id: string) =>
    api.get<EventBody>(`/api/0/projects/${acct.org}/${slug}/events/${id}/`);

  it('answers 200 to every recorded request', () => {
    expect([...answers.values()].every((s) => s === 200)).toBe(true);
    expect(answers.size).toBe(22);
  });

  it('stores the @sentry/node error and message', async () => {
    const issues = await waitFor(
      async () => ((await issuesOf('node')).length === 2 ? issuesOf('node') : null),
      10_000,
    );
    const error = issues.find((i) => i.title === 'TypeError: order 1001 could not be processed (14)');
    expect(error?.culprit).toBe('innerFailingFunction(capture-node)');
    // captureMessage carries a synthetic exception: Sentry titles it by the crash function.
    const message = issues.find((i) => i.level === 'warning');
    expect(message?.title).toBe('main');
    expect((await eventOf('node', 'a4fc6090f8184a0d93875d1fd9aaa16a')).entries).toContainEqual(
      expect.objectContaining({
        type: 'message',
        data: expect.objectContaining({ formatted: 'hello from @sentry/node' }),
      }),
    );
    const event = await eventOf('node', 'e70ee625aa05493ba6b10b944137e8a9');
    const exception = event.entries.find((e) => e.type === 'exception')!;
    const frames = (
      exception.data.values as Array<{ stacktrace: { frames: Array<Record<string, unknown>> } }>
    )[0]!.stacktrace.frames;
    expect(frames.at(-1)).toMatchObject({ function: 'innerFailingFunction', lineno: 40, in_app: true });
    expect(event.entries.map((e) => e.type)).toContain('breadcrumbs');
    expect(event.contexts).toHaveProperty('runtime');
  });

  it('stores the Python /store/ error with frame variables and the envelope message', async () => {
    const issues = await waitFor(
      async () => ((await issuesOf('python')).length === 2 ? issuesOf('python') : null),
      10_000,
    );
    const index = issues.find((i) => i.title === 'IndexError: list index out of range');
    expect(index?.culprit).toBe('__main__ in inner_failing_function');
    const event = await eventOf('python', '2c9437c2fc4641c0976945a7d3fca2b3');
    expect(event.user).toMatchObject({ id: '42', email: 'alice@example.com' });
    expect(JSON.stringify(event.entries)).toContain('visible-local-var');
    expect(event.tags).toContainEqual({ key: 'environment', value: 'staging' });
    expect(issues.some((i) => i.title === 'hello from python sentry-sdk')).toBe(true);
  });

  it('stores the browser error', async () => {
    const issues = await waitFor(
      async () => ((await issuesOf('browser')).length === 1 ? issuesOf('browser') : null),
      10_000,
    );
    const event = await eventOf('browser', 'ae34688543254fdc908106ac1615cdae');
    expect(event.eventID).toBe('ae34688543254fdc908106ac1615cdae');
    expect(issues[0]!.title.length).toBeGreaterThan(0);
  });

  it('stores the Python transaction and the v2 spans of Node and the browser', async () => {
    const db = openStoreReader(server.dataDir);
    try {
      type Tx = { event_id: string; kind: string; name: string; measurements: string; project_id: number };
      const all = () => db.prepare('SELECT * FROM transactions ORDER BY start_ts').all() as Tx[];
      // 9 transactions, and both interactions named after their page loads (stored in other envelopes).
      const txs = await waitFor(
        async () => {
          const rows = all();
          return rows.length === 9 && !rows.some((r) => r.name === 'Pageload') ? rows : null;
        },
        15_000,
        'transactions',
      );
      const spansOf = (eventId: string) =>
        (
          db
            .prepare(
              'SELECT coalesce(sum(span_count), 0) AS n FROM span_chunks WHERE transaction_event_id = ?',
            )
            .get(eventId) as { n: number }
        ).n;
      const byProject = (slug: string) => txs.filter((t) => String(t.project_id) === projectOf(slug));
      const python = byProject('python');
      expect(python.map((t) => [t.event_id, t.kind, t.name])).toEqual([
        ['b0f9aad54d044f908460864841cb6eb8', 'transaction', 'checkout-transaction'],
      ]);
      expect(spansOf('b0f9aad54d044f908460864841cb6eb8')).toBe(5);
      const node = byProject('node');
      expect(node.map((t) => [t.kind, t.name])).toEqual([['segment', 'checkout-transaction']]);
      expect(spansOf(node[0]!.event_id)).toBe(6);

      const browser = byProject('browser');
      expect(browser.map((t) => t.kind).sort()).toEqual([
        'interaction',
        'interaction',
        'segment',
        'segment',
        'segment',
        'segment',
        'segment',
      ]);
      expect(browser.filter((t) => t.kind === 'interaction').map((t) => t.name)).toEqual([
        '/index.html',
        '/page2.html',
      ]);
      // LCP and CLS arrive on their own spans after the page load: merged into it.
      const page = browser.find((t) => t.name === '/index.html' && t.kind === 'segment')!;
      expect(Object.keys(JSON.parse(page.measurements) as object).sort()).toEqual(
        expect.arrayContaining(['cls', 'fcp', 'lcp', 'ttfb']),
      );
      expect(db.prepare('SELECT count(*) AS n FROM pending_measurements').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT sum(span_count) AS n FROM span_chunks').get()).toEqual({ n: 45 });
    } finally {
      db.close();
    }
  });

  it('stores the browser replay: its segments, its error, its URLs, and the events exactly as recorded', async () => {
    type Replay = {
      id: string;
      count_segments: number;
      count_errors: number;
      error_ids: string[];
      trace_ids: string[];
      urls: string[];
      user: { email: string | null; id: string | null };
      browser: { name: string | null };
      environment: string | null;
      releases: string[];
      duration: number;
    };
    const replayId = 'b524af63f5f14693937c1962efde5759';
    const list = await waitFor(
      async () => {
        const r = await api.get<{ data: Replay[] }>(
          `/api/0/organizations/${acct.org}/replays/?statsPeriod=90d`,
        );
        return r.data.length === 1 && r.data[0]!.count_segments === 3 ? r.data : null;
      },
      15_000,
      'replay',
    );
    const replay = list[0]!;
    expect(replay.id).toBe(replayId);
    expect(replay.error_ids).toEqual(['ae34688543254fdc908106ac1615cdae']);
    expect(replay.count_errors).toBe(1);
    expect(replay.urls).toEqual(['http://127.0.0.1:9778/index.html', 'http://127.0.0.1:9778/page2.html']);
    expect(replay.user).toMatchObject({ id: '42', email: 'alice@example.com' });
    expect(replay.browser.name).toMatch(/Chrome/);
    expect(replay.environment).toBe('staging');
    expect(replay.releases).toEqual(['capture-browser@1.2.3']);
    expect(replay.duration).toBe(24); // 1795240115.5193 → 1795240139.314

    // The recording, decompressed, exactly as the SDK sent it, segment by segment.
    const sent: unknown[] = [];
    for (const file of listRecordings().filter((f) => f.startsWith('browser'))) {
      const item = parseEnvelope(loadRecording(file).body).items.find(
        (i) => i.headers.type === 'replay_recording',
      );
      if (item) sent.push(JSON.parse(inflateRecording(splitRecording(item.payload)).toString('utf8')));
    }
    expect(sent).toHaveLength(3);
    const download = await api.get<unknown[]>(
      `/api/0/projects/${acct.org}/browser/replays/${replayId}/recording-segments/?download`,
    );
    expect(download).toEqual(sent);

    // Linked both ways: the error carries the replay id, the replay lists the error with its issue.
    const event = await eventOf('browser', 'ae34688543254fdc908106ac1615cdae');
    expect(event.contexts.replay).toMatchObject({ replay_id: replayId });
    const errors = await api.get<Array<{ id: string; issueId: string }>>(
      `/api/0/organizations/${acct.org}/replays/${replayId}/errors/`,
    );
    const issues = await issuesOf('browser');
    expect(errors).toEqual([
      expect.objectContaining({ id: 'ae34688543254fdc908106ac1615cdae', issueId: issues[0]!.id }),
    ]);
  });

  it('counts every item it does not store yet, by type, and the client reports', async () => {
    const stats = await waitFor(
      async () => {
        const s = await api.get<Stats>(
          `/api/0/organizations/${acct.org}/stats_v2/?statsPeriod=1h&groupBy=outcome&groupBy=category&groupBy=reason`,
        );
        // Client reports and events may be digested in different batches, flushed seconds apart.
        const stored = s.groups.filter((g) => g.by.outcome === 'accepted' && g.by.category === 'error');
        const errors = stored.reduce((n, g) => n + g.totals['sum(quantity)']!, 0);
        return s.groups.some((g) => g.by.outcome === 'client_discard') && errors >= 5 ? s : null;
      },
      15_000,
      'outcomes',
    );
    const total = (outcome: string, reason: string, category?: string) =>
      stats.groups
        .filter(
          (g) =>
            g.by.outcome === outcome && g.by.reason === reason && (!category || g.by.category === category),
        )
        .reduce((n, g) => n + g.totals['sum(quantity)']!, 0);
    expect(total('accepted', 'stored', 'error')).toBe(5);
    expect(total('accepted', 'stored', 'attachment')).toBe(17); // bytes, as Sentry counts attachments
    // 1 Python transaction, 1 Node segment, 5 browser segments and 2 INP interactions; their spans.
    expect(total('accepted', 'stored', 'transaction')).toBe(9);
    expect(total('accepted', 'stored', 'span')).toBe(45);
    expect(total('filtered', 'not_processed:span')).toBe(0);
    expect(total('filtered', 'not_processed:transaction')).toBe(0);
    expect(total('filtered', 'span_limit')).toBe(0);
    expect(total('accepted', 'stored', 'replay')).toBe(3);
    expect(total('filtered', 'not_processed:replay_event')).toBe(0);
    expect(total('filtered', 'not_processed:replay_recording')).toBe(0);
    expect(total('filtered', 'not_processed:session')).toBe(3);
    expect(stats.groups.filter((g) => g.by.outcome === 'client_discard').length).toBeGreaterThan(0);
  });
});
