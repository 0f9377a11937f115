import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../src/protocol/envelope.js';
import { inflateRecording, splitRecording } from '../../src/protocol/replay-recording.js';
import { ApiClient, waitFor } from '../harness/api.js';
import {
  provision,
  startServer,
  waitForIngest,
  type Provisioned,
  type TestServer,
} from '../harness/server.js';
import { chromiumAvailable, launchChromium, openPage, type PageWatch } from './support/chromium.js';
import { loginViaUi } from './support/login.js';
import { serveReplayPage } from './support/replay-page.js';
import { screenshot } from './support/screenshots.js';
import type { SentryPage } from './support/sentry-page.js';

/** What the browser does when a tab goes to the background; the replay flushes on it. */
const HIDE_PAGE = `Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
document.dispatchEvent(new Event('visibilitychange'));`;

type RecordedEvent = { type: number; timestamp: number; data?: Record<string, unknown> };
interface Replay {
  id: string;
  count_segments: number;
  count_errors: number;
  error_ids: string[];
  urls: string[];
  user: { email: string | null };
  browser: { name: string | null };
}

/** The custom-event payloads of a recording with a given tag (`breadcrumb`, `performanceSpan`). */
const custom = (events: RecordedEvent[], tag: string) =>
  events
    .filter((e) => e.type === 5 && e.data?.tag === tag)
    .map((e) => e.data!.payload as Record<string, unknown>);

/**
 * Session replay with the real @sentry/browser replay integration in Chromium: a visitor clicks, types,
 * logs, fetches, moves to a second page and hits an error. The replay comes back with its segments, its
 * error and its URLs, its recording exactly as the SDK sent it (less the credentials the server
 * scrubs), and Faultline's player plays it from the error's issue.
 */
describe.skipIf(!chromiumAvailable())('session replay from @sentry/browser', () => {
  let server: TestServer;
  let browser: Browser;
  let shop: SentryPage;
  let acct: Provisioned;
  let api: ApiClient;
  let page: Page;
  let watch: PageWatch;
  /** Recordings as the SDK sent them, by segment id. */
  const sent = new Map<number, RecordedEvent[]>();
  let replay: Replay;

  beforeAll(async () => {
    [server, browser, shop] = await Promise.all([startServer(), launchChromium(), serveReplayPage()]);
    acct = provision(server.dataDir, server.port, { org: 'acme', project: 'web', platform: 'javascript' });
    await waitForIngest(server, acct);
    api = new ApiClient(server.url, acct.token);
    ({ page, watch } = await openPage(browser));
    page.on('request', (req) => {
      if (!req.url().includes('/envelope/') || req.method() !== 'POST') return;
      const body = req.postDataBuffer();
      if (!body) return;
      for (const item of parseEnvelope(body).items) {
        if (item.headers.type !== 'replay_recording') continue;
        const parts = splitRecording(item.payload);
        sent.set(parts.segmentId!, JSON.parse(inflateRecording(parts).toString('utf8')) as RecordedEvent[]);
      }
    });
  });
  afterAll(async () => {
    await browser?.close();
    await shop?.close();
    expect(await server.stop()).toBe(0);
  });

  it('records a visit: clicks, typing, console, fetch, a navigation and an error', async () => {
    await page.goto(shop.url(acct.dsn));
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('#like');
    // Typed key by key: the SDK's input breadcrumbs come from key presses.
    await page.locator('#name').pressSequentially('grace', { delay: 30 });
    await page.click('#load');
    await page.waitForFunction("document.getElementById('status').textContent === 'loaded 200'");
    // Let the first segment flush (about five seconds after activity) before the page goes away.
    await page.waitForTimeout(6000);
    await page.click('#next');
    await page.waitForURL((u) => u.pathname === '/page2');
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForTimeout(500);
    await page.click('#boom');
    // The replay flushes about five seconds after activity, and when the tab is hidden.
    await page.waitForTimeout(6000);
    await page.evaluate(HIDE_PAGE);
    expect(watch.errors).toEqual([expect.stringContaining('replayed boom')]);

    replay = await waitFor(
      async () => {
        const list = await api.get<{ data: Replay[] }>(`/api/0/organizations/acme/replays/`);
        const r = list.data[0];
        return r && r.count_errors >= 1 && sent.size >= 2 && r.count_segments === sent.size ? r : null;
      },
      30_000,
      'the replay with its error and every segment the SDK sent',
    );
    expect(replay.urls.map((u) => new URL(u).pathname)).toEqual(['/', '/page2']);
    expect(replay.user.email).toBe('grace@example.com');
    expect(replay.browser.name).toMatch(/Chrome/);
  });

  it('keeps exactly the events the SDK recorded, decompressed, with network credentials scrubbed', async () => {
    // The SDK may still send a last segment after the page was hidden: wait for every one it sent.
    const download = await waitFor(
      async () => {
        const segments = await api.get<RecordedEvent[][]>(
          `/api/0/projects/acme/web/replays/${replay.id}/recording-segments/?download`,
        );
        return segments.length === sent.size ? segments : null;
      },
      30_000,
      'every recording segment the SDK sent',
    );
    const expected = [...sent.keys()].sort((a, b) => a - b).map((k) => structuredClone(sent.get(k)!));
    const all = expected.flat();
    // What the visit produced, as the SDK recorded it.
    const crumbs = custom(all, 'breadcrumb').map((b) => b.category);
    expect(crumbs).toEqual(expect.arrayContaining(['ui.click', 'ui.input', 'console']));
    const spans = custom(all, 'performanceSpan');
    expect(spans.filter((s) => s.op === 'navigation.navigate')).toHaveLength(2);
    const fetches = spans.filter((s) => s.op === 'resource.fetch');
    expect(fetches.length).toBeGreaterThan(0);
    expect(JSON.stringify(fetches)).toContain('secret-token-123');
    // The only difference the server makes: credentials in captured network details.
    for (const span of fetches) {
      const request = (span.data as { request?: { headers?: Record<string, string>; body?: unknown } })
        .request;
      if (request?.headers?.authorization) request.headers.authorization = '[Filtered]';
      if (request?.body && typeof request.body === 'object')
        (request.body as Record<string, unknown>).password = '[Filtered]';
    }
    expect(download).toEqual(expected);
    expect(JSON.stringify(download)).not.toContain('secret-token-123');
    expect(JSON.stringify(download)).not.toContain('hunter2');
  });

  it('links the error and the replay both ways', async () => {
    const errors = await api.get<Array<{ id: string; issueId: string; title: string }>>(
      `/api/0/organizations/acme/replays/${replay.id}/errors/`,
    );
    expect(errors).toHaveLength(1);
    expect(replay.error_ids).toContain(errors[0]!.id);
    const event = await api.get<{
      contexts: Record<string, { replay_id?: string }>;
      tags: Array<{ key: string; value: string }>;
    }>(`/api/0/projects/acme/web/events/${errors[0]!.id}/`);
    expect(event.contexts.replay?.replay_id).toBe(replay.id);
    expect(event.tags).toContainEqual({ key: 'replayId', value: replay.id });
  });

  it('plays the replay from the error’s issue, at the error, with a timeline that seeks the player', async () => {
    const errors = await api.get<Array<{ id: string; issueId: string }>>(
      `/api/0/organizations/acme/replays/${replay.id}/errors/`,
    );
    const ui = (await openPage(browser)).page;
    await loginViaUi(ui, server.url, 'admin-acme@example.com', 'correct-horse-battery');
    await ui.goto(new URL(`/organizations/acme/issues/${errors[0]!.issueId}/`, server.url).toString());
    await ui.getByTestId('event-replay').click();
    await ui.waitForURL((u) => u.pathname === `/organizations/acme/replays/${replay.id}/`);
    expect(new URL(ui.url()).searchParams.get('t')).toMatch(/^\d+$/);

    // The recorded page is rebuilt inside the player's iframe (text masked by the SDK, as by default).
    const frame = ui.frameLocator('.replayer-wrapper iframe');
    await frame.locator('h1').waitFor();
    await expect(frame.locator('#boom').count()).resolves.toBe(1);

    const crumbs = ui.getByTestId('replay-crumbs');
    for (const kind of ['click', 'input', 'console', 'network', 'navigation', 'error'])
      await expect(crumbs.locator(`[data-kind="${kind}"]`).count()).resolves.toBeGreaterThan(0);
    await expect(crumbs.locator('[data-kind="network"]').first().textContent()).resolves.toMatch(
      /POST .*\/api\/profile 200/,
    );
    await expect(ui.getByTestId('replay-error-markers').locator('button').count()).resolves.toBe(1);

    // Seeking: the first crumb moves the player near the start, the error marker back to the error.
    const clock = ui.locator('.rr-timeline__time').first();
    const atError = await clock.textContent();
    await crumbs.locator('[data-kind="click"]').first().click();
    await expect.poll(() => clock.textContent()).not.toBe(atError);
    await ui.getByTestId('replay-error-markers').locator('button').first().click();
    await expect.poll(() => clock.textContent()).toBe(atError);
    await screenshot(ui, 'replay-player');

    // From the replay, one click opens the error's issue.
    await crumbs.getByRole('link', { name: /Open issue/ }).click();
    await ui.waitForURL((u) => u.pathname.includes(`/issues/${errors[0]!.issueId}/events/${errors[0]!.id}`));

    await ui.goto(new URL('/organizations/acme/replays/?errors=1', server.url).toString());
    await ui.getByTestId('replay-list').waitFor();
    await expect(ui.getByTestId('replay-list').locator('tbody tr').count()).resolves.toBe(1);
    await screenshot(ui, 'replay-list');
  });

  it('never runs what a recording carries: scripts and event handlers in the recorded page stay inert', async () => {
    const replayId = 'f'.repeat(32);
    const now = Date.now();
    const el = (
      id: number,
      tagName: string,
      attributes: Record<string, string>,
      childNodes: unknown[] = [],
    ) => ({
      type: 2,
      id,
      tagName,
      attributes,
      childNodes,
    });
    const snapshot = {
      type: 0,
      id: 1,
      childNodes: [
        el(2, 'html', {}, [
          el(3, 'body', { onload: 'window.parent.__pwned = "onload"' }, [
            el(4, 'img', { src: 'x', onerror: 'window.parent.__pwned = "onerror"' }),
            el(5, 'script', {}, [{ type: 3, id: 6, textContent: 'window.parent.__pwned = "script"' }]),
            el(7, 'h1', {}, [{ type: 3, id: 8, textContent: '<b>not bold</b>' }]),
          ]),
        ]),
      ],
    };
    const events = [
      { type: 4, timestamp: now, data: { href: 'https://evil.example/', width: 800, height: 600 } },
      { type: 2, timestamp: now + 1, data: { node: snapshot, initialOffset: { left: 0, top: 0 } } },
      {
        type: 3,
        timestamp: now + 3000,
        data: { source: 1, positions: [{ x: 1, y: 1, id: 7, timeOffset: 0 }] },
      },
    ];
    const recording = Buffer.concat([Buffer.from('{"segment_id":0}\n'), Buffer.from(JSON.stringify(events))]);
    const body = Buffer.concat([
      Buffer.from(`{"event_id":"${replayId}"}\n{"type":"replay_event"}\n`),
      Buffer.from(
        JSON.stringify({
          type: 'replay_event',
          replay_id: replayId,
          segment_id: 0,
          timestamp: now / 1000 + 3,
        }) + '\n',
      ),
      Buffer.from(`{"type":"replay_recording","length":${recording.length}}\n`),
      recording,
    ]);
    const res = await fetch(`${server.url}/api/${acct.projectId}/envelope/?sentry_key=${acct.publicKey}`, {
      method: 'POST',
      body,
    });
    expect(res.status).toBe(200);
    await waitFor(
      async () => (await api.request('GET', `/api/0/organizations/acme/replays/${replayId}/`)).status === 200,
      15_000,
      'the crafted replay',
    );
    const { page: ui, watch: uiWatch } = await openPage(browser);
    await loginViaUi(ui, server.url, 'admin-acme@example.com', 'correct-horse-battery');
    await ui.goto(new URL(`/organizations/acme/replays/${replayId}/`, server.url).toString());
    const frame = ui.frameLocator('.replayer-wrapper iframe');
    await expect(frame.locator('h1').textContent()).resolves.toBe('<b>not bold</b>');
    await ui.locator('.rr-controller__btns button').first().click();
    await ui.waitForTimeout(1500);
    await expect(ui.evaluate('window.__pwned')).resolves.toBeUndefined();
    expect(uiWatch.dialogs).toEqual([]);
  });

  it('lists the replay with filters, and deletes it', async () => {
    const ids = async (query: string) =>
      (await api.get<{ data: Replay[] }>(`/api/0/organizations/acme/replays/?${query}`)).data.map(
        (r) => r.id,
      );
    expect(await ids('query=count_errors:>0')).toEqual([replay.id]);
    expect(await ids('query=count_errors:0')).toEqual(['f'.repeat(32)]);
    expect(await ids('query=user.email:grace@example.com')).toEqual([replay.id]);
    expect(await ids('query=url:/page2')).toEqual([replay.id]);
    expect(await ids('query=url:/nowhere')).toEqual([]);
    expect(await ids('environment=replay-test&sort=-duration')).toEqual([replay.id]);
    expect((await api.request('DELETE', `/api/0/projects/acme/web/replays/${replay.id}/`)).status).toBe(204);
    expect((await api.request('GET', `/api/0/organizations/acme/replays/${replay.id}/`)).status).toBe(404);
  });
});
