import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRecordings, loadRecording } from '../fixtures.js';
import { ApiClient, waitFor } from '../harness/api.js';
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

  it('counts every item it does not store yet, by type, and the client reports', async () => {
    const stats = await waitFor(
      async () => {
        const s = await api.get<Stats>(
          `/api/0/organizations/${acct.org}/stats_v2/?statsPeriod=1h&groupBy=outcome&groupBy=category&groupBy=reason`,
        );
        return s.groups.some((g) => g.by.outcome === 'client_discard') ? s : null;
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
    expect(total('filtered', 'not_processed:span')).toBe(8);
    expect(total('filtered', 'not_processed:transaction')).toBe(1);
    expect(total('filtered', 'not_processed:replay_event')).toBe(3);
    expect(total('filtered', 'not_processed:replay_recording')).toBe(3);
    expect(total('filtered', 'not_processed:session')).toBe(3);
    expect(stats.groups.filter((g) => g.by.outcome === 'client_discard').length).toBeGreaterThan(0);
  });
});
