import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, waitFor } from '../harness/api.js';
import {
  provision,
  startServer,
  waitForIngest,
  type Provisioned,
  type TestServer,
} from '../harness/server.js';
import { hasPythonSdk, runNodeApp, runPythonApp } from './sdk-clients.js';

type Issue = {
  id: string;
  title: string;
  count: string;
  status: string;
  substatus: string | null;
  culprit: string;
};
type Entry = { type: string; data: Record<string, unknown> };
type EventBody = {
  eventID: string;
  entries: Entry[];
  tags: Array<{ key: string; value: string }>;
  user: unknown;
};

/**
 * The errors end-to-end suite: real SDKs against the built server, read back through the API. It is
 * written once and run per storage adapter (each adapter's file passes its server options).
 */
export function errorsEndToEnd(
  adapter: string,
  serverOptions: () => Promise<{ databaseUrl?: string; dispose?: () => Promise<void> } | null>,
  skip = false,
) {
  describe.skipIf(skip)(`errors end to end (${adapter})`, () => {
    let dispose: (() => Promise<void>) | undefined;
    let server: TestServer;
    let acct: Provisioned;
    let api: ApiClient;

    beforeAll(async () => {
      const opts = await serverOptions();
      dispose = opts?.dispose;
      const env = opts?.databaseUrl ? { FAULTLINE_DATABASE_URL: opts.databaseUrl } : {};
      server = await startServer({ env });
      acct = provision(
        server.dataDir,
        server.port,
        opts?.databaseUrl ? { databaseUrl: opts.databaseUrl } : {},
      );
      api = new ApiClient(server.url, acct.token);
      await waitForIngest(server, acct);
    });
    afterAll(async () => {
      expect(await server.stop()).toBe(0);
      await dispose?.();
    });

    const issues = (query = '') =>
      api.get<Issue[]>(
        `/api/0/projects/${acct.org}/${acct.project}/issues/?query=${encodeURIComponent(query)}`,
      );

    it('groups the same @sentry/node error twice into one issue with count 2', async () => {
      const ids = await runNodeApp(acct.dsn, ['charge', 'charge']);
      expect(ids).toHaveLength(2);
      const list = await waitFor(
        async () => {
          const l = await issues();
          return l.length === 1 && l[0]!.count === '2' ? l : null;
        },
        15_000,
        'one issue with two events',
      );
      expect(list[0]!.title).toMatch(/^TypeError: order \d+ could not be charged$/);
      expect(list[0]!.culprit).toContain('chargeCard');
    });

    it('puts a different error in a second issue, and reads the event back with its entries', async () => {
      const [id] = await runNodeApp(acct.dsn, ['profile']);
      const list = await waitFor(
        async () => ((await issues()).length === 2 ? issues() : null),
        15_000,
        'two issues',
      );
      const profileIssue = list.find((i) =>
        i.title.startsWith('TypeError: Cannot read properties of undefined'),
      );
      expect(profileIssue).toBeDefined();
      const event = await api.get<EventBody>(`/api/0/projects/${acct.org}/${acct.project}/events/${id}/`);
      expect(event.eventID).toBe(id);
      const exception = event.entries.find((e) => e.type === 'exception');
      const frames = (
        exception?.data.values as Array<{ stacktrace: { frames: Array<{ function: string }> } }>
      )[0]!.stacktrace.frames;
      expect(frames.at(-1)!.function).toBe('loadProfile');
      const crumbs = event.entries.find((e) => e.type === 'breadcrumbs');
      expect(JSON.stringify(crumbs)).toContain('user logged in');
      expect(event.tags).toEqual(
        expect.arrayContaining([
          { key: 'environment', value: 'e2e' },
          { key: 'component', value: 'checkout' },
        ]),
      );
      const latest = await api.get<EventBody>(`/api/0/issues/${profileIssue!.id}/events/latest/`);
      expect(latest.eventID).toBe(id);
    });

    it('marks a resolved issue as regressed when the error comes back', async () => {
      const [charge] = (await issues()).filter((i) => i.title.includes('could not be charged'));
      const put = await api.request('PUT', `/api/0/issues/${charge!.id}/`, { status: 'resolved' });
      expect(put.status).toBe(200);
      expect(await issues('is:resolved')).toHaveLength(1);
      await runNodeApp(acct.dsn, ['charge']);
      const back = await waitFor(
        async () => {
          const i = await api.get<Issue>(`/api/0/issues/${charge!.id}/`);
          return i.status === 'unresolved' ? i : null;
        },
        15_000,
        'regression',
      );
      expect(back.substatus).toBe('regressed');
      expect(back.count).toBe('3');
    });

    it('stores a message event as its own issue, searchable by its text', async () => {
      const [id] = await runNodeApp(acct.dsn, ['message']);
      const list = await waitFor(
        async () => {
          const l = await issues('is:unresolved level:warning');
          return l.length === 1 ? l : null;
        },
        15_000,
        'message issue',
      );
      // @sentry/node attaches a synthetic stack to messages: Sentry titles those by the crash function.
      expect(list[0]!.title).toBe('message');
      expect(await issues('timed out after')).toHaveLength(1);
      const event = await api.get<{ message: string }>(
        `/api/0/projects/${acct.org}/${acct.project}/events/${id}/`,
      );
      expect(event.message).toBe('payment provider timed out after 3000ms');
    });

    const python = hasPythonSdk();
    if (!python) {
      console.warn(
        '\n*** SKIPPED: Python SDK end-to-end tests: Debian python3-sentry-sdk is not installed. ' +
          'Install it with `apt-get install -y python3-sentry-sdk` (.ci/run does). ***\n',
      );
    }
    it.skipIf(!python)(
      'groups Python SDK errors (legacy /store/ and envelopes with attachments)',
      async () => {
        const before = (await issues('')).length;
        const ids = await runPythonApp(acct.dsn, ['index', 'index', 'message', 'attachment']);
        const list = await waitFor(
          async () => {
            const l = await issues('');
            return l.length === before + 3 ? l : null;
          },
          20_000,
          'python issues',
        );
        const index = list.find((i) => i.title === 'IndexError: list index out of range');
        expect(index?.count).toBe('2');
        expect(index?.culprit).toBe('__main__ in lookup');
        expect(list.some((i) => i.title === 'ZeroDivisionError: division by zero')).toBe(true);
        expect(list.some((i) => i.title === 'cache miss for key 42')).toBe(true);
        // The attachment sent with the last error is kept and served back byte for byte.
        const base = `/api/0/projects/${acct.org}/${acct.project}/events/${ids[3]}/attachments/`;
        const attachments = await api.get<Array<{ id: string; name: string; size: number }>>(base);
        expect(attachments).toMatchObject([{ name: 'note.txt', size: 17 }]);
        const download = await fetch(new URL(`${base}${attachments[0]!.id}/?download=1`, server.url), {
          headers: { authorization: `Bearer ${acct.token}` },
        });
        expect(download.headers.get('content-type')).toBe('application/octet-stream');
        expect(await download.text()).toBe('hello attachment\n');
      },
    );
  });
}
