import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { chromiumAvailable, launchChromium, openPage, type PageWatch } from './support/chromium.js';
import { loginViaUi } from './support/login.js';
import { servePerfPage, startCartApi, type CartApi } from './support/perf-page.js';
import {
  API_SHAPES,
  BROWSER_SHAPES,
  sampleTransactions,
  sendTransactions,
} from './support/sample-transactions.js';
import { screenshot } from './support/screenshots.js';
import type { SentryPage } from './support/sentry-page.js';

type Row = Record<string, string | number | null>;

/** What the browser does when a tab goes to the background (the web-vitals library listens for it). */
const HIDE_PAGE = `Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
document.dispatchEvent(new Event('visibilitychange'));`;
interface TraceNode {
  event_id: string;
  transaction: string;
  'transaction.op': string;
  project_slug: string;
  parent_span_id: string | null;
  errors: Array<{ title: string; span: string | null }>;
  children: TraceNode[];
}

/**
 * Performance monitoring with the real SDKs, in Chromium: a shop page traced by @sentry/browser (its page
 * load, a `pushState` navigation and a slow click) calling a Node API traced by @sentry/node, which
 * continues the browser's trace and captures an error. The numbers come back through Discover, the trace
 * comes back as one tree, and the performance pages render it (next to a day of sample traffic that
 * gives the screenshots something to show).
 */
describe.skipIf(!chromiumAvailable())('web UI: performance from @sentry/browser to @sentry/node', () => {
  let server: TestServer;
  let browser: Browser;
  let shop: SentryPage;
  let cartApi: CartApi;
  let acct: Provisioned;
  let api: ApiClient;
  let page: Page;
  let watch: PageWatch;
  let traceId = '';
  let pageloadId = '';
  let apiProjectId = '';
  const url = (path: string) => new URL(path, server.url).toString();
  const discover = (query: string) =>
    api.get<{ data: Row[] }>(`/api/0/organizations/acme/events/?dataset=transactions&${query}`);

  beforeAll(async () => {
    [server, browser, shop] = await Promise.all([startServer(), launchChromium(), servePerfPage()]);
    acct = provision(server.dataDir, server.port, {
      org: 'acme',
      project: 'storefront',
      platform: 'javascript',
    });
    const create = ['project', 'create', '--org', 'acme', '--slug', 'shop-api', '--platform', 'node'];
    const apiDsn = new URL(lastLine(runCli([...create, '--public-url', server.url], server.dataDir)));
    const apiProject = { projectId: apiDsn.pathname.slice(1), publicKey: apiDsn.username };
    apiProjectId = apiProject.projectId;
    await Promise.all([waitForIngest(server, acct), waitForIngest(server, apiProject)]);
    api = new ApiClient(server.url, acct.token);
    const now = Date.now();
    await sendTransactions(server.url, acct, sampleTransactions(BROWSER_SHAPES, now));
    await sendTransactions(server.url, apiProject, sampleTransactions(API_SHAPES, now));
    cartApi = await startCartApi(apiDsn.toString());
    ({ page, watch } = await openPage(browser));
  });
  afterAll(async () => {
    await cartApi?.stop();
    await browser?.close();
    await shop?.close();
    expect(await server?.stop()).toBe(0);
  });

  it('traces a page load, a navigation and a slow click, continued by the Node API', async () => {
    const tab = await browser.newPage();
    const refused: string[] = [];
    tab.on('response', (r) => {
      if (r.url().includes('/envelope/') && r.status() !== 200) refused.push(`${r.status()} ${r.url()}`);
    });
    // The browser must propagate the trace to the API (it is in `tracePropagationTargets`).
    const cartRequest = tab.waitForRequest((r) => r.url().endsWith('/api/cart') && r.method() === 'GET');
    await tab.goto(`${shop.url(acct.dsn)}&api=${encodeURIComponent(cartApi.url)}`);
    const sentryTrace = (await cartRequest).headers()['sentry-trace'] ?? '';
    expect(sentryTrace).toMatch(/^[0-9a-f]{32}-[0-9a-f]{16}-1$/);
    traceId = sentryTrace.slice(0, 32);
    await tab.locator('body[data-ready="true"]').waitFor();
    await tab.getByRole('button', { name: 'Apply coupon' }).click(); // ~300 ms of busy work: an INP
    await tab.getByText('Coupon applied').waitFor();
    await tab.getByRole('link', { name: 'Go to checkout' }).click(); // history.pushState: a navigation
    await tab.getByRole('heading', { name: 'Checkout' }).waitFor();
    await tab.waitForTimeout(1_200); // the navigation ends when idle
    // The page load's LCP travels with it (the navigation ended it); the click's INP span and the last
    // CLS only when the page is hidden, which headless Chromium never does by itself.
    await tab.evaluate(HIDE_PAGE);
    await cartApi.stop(); // flushes @sentry/node

    // Everything real happened in the last hour; the sample traffic ended before that.
    const summary = await waitFor(
      async () => {
        const s = await discover(
          'field=transaction&field=project&field=count()&field=failure_rate()' +
            '&field=count_unique(user)&field=p75(measurements.lcp)&field=p75(measurements.fcp)' +
            '&field=p75(measurements.ttfb)&field=p75(measurements.cls)&statsPeriod=1h&sort=transaction',
        ).catch(() => null);
        const rows = s?.data ?? [];
        const page = rows.find((r) => r.transaction === '/');
        return rows.length === 3 && typeof page?.['p75(measurements.lcp)'] === 'number' ? rows : null;
      },
      20_000,
      'the real transactions with their web vitals',
    ).catch(async () => {
      throw new Error(
        `summary incomplete: ${JSON.stringify((await discover('field=transaction&field=count()&statsPeriod=1h')).data)}`,
      );
    });
    expect(refused).toEqual([]);
    const byName = Object.fromEntries(summary.map((r) => [String(r.transaction), r]));
    expect(byName['/']).toMatchObject({
      project: 'storefront',
      'count()': 1,
      'failure_rate()': 0,
      'count_unique(user)': 1,
    });
    expect(byName['/checkout']).toMatchObject({ project: 'storefront', 'count()': 1 });
    expect(byName['GET /api/cart']).toMatchObject({ project: 'shop-api', 'count()': 1, 'failure_rate()': 0 });
    // Web vitals of the page load, all sent with it. (INP is not a page-load measurement: see below.)
    const vitals = byName['/']!;
    for (const vital of ['lcp', 'fcp', 'ttfb'])
      expect(vitals[`p75(measurements.${vital})`]).toBeGreaterThan(0);
    expect(vitals['p75(measurements.cls)']).toBeGreaterThanOrEqual(0);

    // Raw rows list each page load's own measurements (what the UI rates good/meh/poor).
    const raw = await discover(
      'field=id&field=trace&field=transaction.op&field=measurements.lcp&field=measurements.cls&statsPeriod=1h' +
        `&query=${encodeURIComponent('transaction:"/"')}`,
    );
    expect(raw.data).toHaveLength(1);
    expect(raw.data[0]).toMatchObject({
      trace: traceId,
      'transaction.op': 'pageload',
      'measurements.lcp': vitals['p75(measurements.lcp)'],
    });
    pageloadId = String(raw.data[0]!.id);

    // One tree: the API's transaction under the page load's fetch span, the error in it.
    const trace = await waitFor(
      async () => {
        const t = await api.get<{ transactions: TraceNode[]; orphan_errors: unknown[] }>(
          `/api/0/organizations/acme/events-trace/${traceId}/`,
        );
        return t.transactions[0]?.children[0]?.errors.length === 1 ? t : null;
      },
      15_000,
      'the trace with the API error',
    );
    expect(trace.transactions).toHaveLength(1);
    expect(trace.orphan_errors).toEqual([]);
    const [root] = trace.transactions;
    expect(root).toMatchObject({
      event_id: pageloadId,
      transaction: '/',
      'transaction.op': 'pageload',
      project_slug: 'storefront',
    });
    expect(root!.children).toHaveLength(1);
    const child = root!.children[0]!;
    expect(child).toMatchObject({
      transaction: 'GET /api/cart',
      'transaction.op': 'http.server',
      project_slug: 'shop-api',
    });
    expect(child.errors[0]!.title).toBe('Error: Recommendations service timed out');
    // The fetch span the API continued from, and the click: an INP span of ~300 ms in the page load.
    type Span = { span_id: string; op: string; data: Record<string, unknown> };
    const spans = await waitFor(
      async () => {
        const e = await api.get<{ entries: Array<{ type: string; data: Span[] }> }>(
          `/api/0/projects/acme/storefront/events/${pageloadId}/`,
        );
        const list = e.entries.find((x) => x.type === 'spans')?.data ?? [];
        return list.some((x) => x.op === 'ui.interaction.click') ? list : null;
      },
      10_000,
      'the click span',
    );
    expect(spans.find((x) => x.span_id === child.parent_span_id)?.op).toBe('http.client');
    const click = spans.find((x) => x.op === 'ui.interaction.click')!;
    expect(click.data['browser.web_vital.inp.value']).toBeGreaterThanOrEqual(250);
    // The click is also an INP interaction of its page: out of the transaction list (three rows
    // above), in when a query names its op, which is how the web vitals panel gets INP per page.
    const inp = await waitFor(
      async () => {
        const s = await discover(
          'field=transaction&field=count()&field=p75(measurements.inp)&statsPeriod=1h' +
            `&query=${encodeURIComponent('transaction.op:ui.interaction.click')}`,
        );
        return s.data.length > 0 ? s.data : null;
      },
      10_000,
      'the INP interaction',
    );
    expect(inp).toEqual([
      { transaction: '/', 'count()': 1, 'p75(measurements.inp)': click.data['browser.web_vital.inp.value'] },
    ]);
    await tab.close();
  });

  it('shows the summary with web vitals, filters it and sorts it', async () => {
    await loginViaUi(page, server.url, 'admin-acme@example.com', 'correct-horse-battery');
    await page.getByRole('link', { name: 'Performance' }).click();
    await page.waitForURL('**/organizations/acme/performance/');
    const table = page.getByTestId('transaction-summary');
    const row = (name: string) => table.locator('tr', { has: page.getByRole('link', { name, exact: true }) });
    await row('POST /api/orders').waitFor();
    // A day of sample traffic plus what the real SDKs just sent.
    await expect(row('/').locator('td').last().textContent()).resolves.toBe('37');
    await expect(row('GET /api/cart').locator('td').last().textContent()).resolves.toBe('41');
    await expect(row('/products/:id').locator('td').nth(1).textContent()).resolves.toBe('storefront');
    const vitals = page.getByTestId('web-vitals');
    await vitals.locator('tr', { hasText: '/products/:id' }).waitFor();
    await expect(vitals.textContent()).resolves.toContain('LCP');
    await expect(vitals.getByRole('img', { name: /^Performance score \d+$/ }).count()).resolves.toBe(1);
    await page.waitForTimeout(300);
    await screenshot(page, 'performance-summary');

    await page.getByLabel('Environment').fill('browser-test');
    await page.getByLabel('Environment').press('Enter');
    await page.waitForURL(/environment=browser-test/);
    await waitFor(async () => (await table.locator('tbody tr').count()) === 3, 10_000, 'the real three');
    await expect(row('/checkout').locator('td').last().textContent()).resolves.toBe('1');
    // INP per page comes from the click's interaction span (~300 ms of busy work), rated.
    const home = vitals.locator('tr', { has: page.getByRole('link', { name: '/', exact: true }) });
    const inpCell = home.locator('td').nth(5);
    await waitFor(async () => /\d/.test((await inpCell.textContent()) ?? ''), 10_000, 'the INP of /');
    await expect(inpCell.locator('[class*="rating-text-"]').count()).resolves.toBe(1);
    // A project's apdex threshold (a server-side project option) changes its apdex: 300 ms satisfies
    // the real request, 10 ms does not.
    await page.getByLabel('Project').selectOption({ label: 'shop-api' });
    await page.getByLabel('Apdex T (ms)').fill('10');
    await page.getByLabel('Apdex T (ms)').press('Enter');
    const apdex = row('GET /api/cart').locator('td').nth(8);
    await waitFor(
      async () => (await apdex.getAttribute('title')) === 'T = 10 ms',
      5_000,
      'the new threshold',
    );
    await waitFor(async () => (await apdex.textContent()) !== '1.00', 5_000, 'apdex under T = 10 ms');
    await page.getByLabel('Apdex T (ms)').fill('300');
    await page.getByLabel('Apdex T (ms)').press('Enter');
    await page.getByLabel('Project').selectOption({ label: 'All projects' });
    await page.getByRole('button', { name: 'P95' }).click();
    await page.waitForURL(/sort=-p95/);
    await waitFor(
      async () => (await table.locator('th[aria-sort="descending"]').textContent()) === 'P95 ↓',
      5_000,
      'the P95 sort',
    );
  });

  it('shows a transaction: numbers, charts, samples, span operations and its error', async () => {
    await page.goto(url('/organizations/acme/performance/'));
    await page.getByRole('link', { name: 'GET /api/cart', exact: true }).click();
    await page.waitForURL('**/performance/summary/?transaction=GET*');
    await expect(page.getByTestId('transaction-name').textContent()).resolves.toBe('GET /api/cart');
    const numbers = page.getByTestId('perf-numbers');
    await numbers.getByText('41', { exact: true }).waitFor();
    await expect(numbers.textContent()).resolves.toContain('Failure rate');
    await page.getByTestId('related-issues').getByText('Error: Recommendations service timed out').waitFor();
    await page.getByTestId('slowest-sample').getByRole('link', { name: 'View spans' }).waitFor();
    await page.getByTestId('op-breakdown').getByText('db', { exact: true }).waitFor();
    await expect(page.locator('.line-chart path.series-p95').getAttribute('d')).resolves.toMatch(/^M/);
    await expect(page.locator('.histogram rect.bar').count()).resolves.toBeGreaterThan(3);
    await screenshot(page, 'transaction-detail');
  });

  it("sets one transaction's own apdex threshold from its summary, on LCP", async () => {
    const summaryOf = (transaction: string, project: string) =>
      url(
        `/organizations/acme/performance/summary/?${new URLSearchParams({ transaction, project }).toString()}`,
      );
    await page.goto(summaryOf('/products/:id', acct.projectId));
    const numbers = page.getByTestId('perf-numbers');
    const apdexNumber = numbers.locator('div', { hasText: 'Apdex' });
    await waitFor(async () => (await apdexNumber.getAttribute('title')) === 'T = 300 ms', 10_000, 'T = 300');
    const panel = page.getByTestId('transaction-threshold');
    await panel.getByText('300 ms of transaction duration').waitFor();
    await expect(panel.textContent()).resolves.toContain('(the default)');

    await panel.getByRole('button', { name: 'Settings' }).click();
    await panel.getByLabel('Threshold for this transaction (ms)').fill('2500');
    await panel.getByLabel('Measured on').selectOption('lcp');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByText('Saved.').waitFor();
    await panel.getByText('(its own)').waitFor();
    await expect(panel.locator('.threshold-line strong').textContent()).resolves.toBe('2500 ms of LCP');
    // The numbers are asked again and judged by the override.
    await waitFor(
      async () => (await apdexNumber.getAttribute('title')) === 'T = 2500 ms (LCP)',
      10_000,
      'the apdex judged by LCP',
    );
    const override = await api.get<Record<string, unknown>>(
      `/api/0/organizations/acme/project-transaction-threshold-override/?project=${acct.projectId}` +
        `&transaction=${encodeURIComponent('/products/:id')}`,
    );
    expect(override).toMatchObject({ transaction: '/products/:id', threshold: '2500', metric: 'lcp' });
    // Only that transaction: the others of the project keep the project's threshold.
    const { data } = await discover(
      `project=${acct.projectId}&statsPeriod=24h&field=transaction&field=project_threshold_config&field=apdex()`,
    );
    const byName = new Map(data.map((r) => [r.transaction, r.project_threshold_config]));
    expect(byName.get('/products/:id')).toEqual(['lcp', 2500]);
    expect(byName.get('/')).toEqual(['duration', 300]);
    await page.waitForTimeout(300);
    await screenshot(page, 'transaction-threshold');

    await panel.getByRole('button', { name: "Use the project's threshold" }).click();
    await panel.getByText('(the default)').waitFor();
    const gone = await api.request(
      'GET',
      `/api/0/organizations/acme/project-transaction-threshold-override/?project=${acct.projectId}` +
        `&transaction=${encodeURIComponent('/products/:id')}`,
    );
    expect(gone.status).toBe(404);

    // Another project's transaction starts from that project's threshold; a value past a minute is
    // stopped by the form before it is sent.
    await page.goto(summaryOf('GET /api/cart', apiProjectId));
    await panel.getByRole('button', { name: 'Settings' }).click();
    const input = panel.getByLabel('Threshold for this transaction (ms)');
    expect(await input.inputValue()).toBe('300');
    await input.fill('90000');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect(panel.locator('input[name="threshold"]:invalid').count()).resolves.toBe(1);
    const none = await api.request(
      'GET',
      `/api/0/organizations/acme/project-transaction-threshold-override/?project=${apiProjectId}` +
        `&transaction=${encodeURIComponent('GET /api/cart')}`,
    );
    expect(none.status).toBe(404);
    expect(watch.errors).toEqual([]);
  });

  it('shows the page load as a span waterfall', async () => {
    await page.goto(url(`/organizations/acme/performance/storefront:${pageloadId}/`));
    const waterfall = page.getByTestId('span-waterfall');
    await waterfall.waitFor();
    await expect(page.getByTestId('transaction-name').textContent()).resolves.toBe('/');
    for (const op of ['pageload', 'browser.request', 'resource.script', 'http.client', 'ui.webvital.lcp']) {
      await waterfall.getByText(op, { exact: true }).first().waitFor();
    }
    await expect(page.getByTestId('measurements').textContent()).resolves.toContain('LCP');
    // The fetch span nests under the page load and opens its details.
    const fetchRow = waterfall.locator('[role="treeitem"]', { hasText: 'http.client' });
    await expect(fetchRow.getAttribute('aria-level')).resolves.toBe('2');
    await fetchRow.getByRole('button', { name: /http\.client/ }).click();
    await fetchRow.getByText(`${cartApi.url}/api/cart`).waitFor();
    await screenshot(page, 'span-waterfall');
  });

  it('shows the trace across projects as one tree, reachable from the error', async () => {
    const issues = await api.get<Array<{ id: string; title: string }>>(
      '/api/0/organizations/acme/issues/?query=',
    );
    const issue = issues.find((i) => i.title === 'Error: Recommendations service timed out')!;
    await page.goto(url(`/organizations/acme/issues/${issue.id}/`));
    await page.getByTestId('event-trace').click();
    await page.waitForURL(`**/performance/trace/${traceId}/`);
    const tree = page.getByTestId('trace-waterfall');
    const item = (text: string) => tree.locator('[role="treeitem"]', { hasText: text }).first();
    await item('Recommendations service timed out').waitFor();
    await item('SELECT * FROM cart_items').waitFor(); // the API's own span, loaded with its event
    await expect(page.getByTestId('trace-counts').textContent()).resolves.toMatch(/2 transactions.*1 error/);
    const level = async (text: string) => Number(await item(text).getAttribute('aria-level'));
    // page load (1) → its fetch span (2) → the API's transaction (3) → the error in it (4).
    expect(await level('GET 127.0.0.1')).toBe(2);
    expect(await level('GET /api/cart')).toBe(3);
    expect(await level('Recommendations service timed out')).toBe(4);
    await screenshot(page, 'trace-view');
    expect(watch.errors).toEqual([]);
    expect(watch.dialogs).toEqual([]);
  });
});
