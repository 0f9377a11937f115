import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { sendEvent } from './support/sample-events.js';
import { IMG, JS_URL, SCRIPT, xssEvent } from './support/xss-events.js';

/**
 * Everything in an event is attacker-controlled (anyone with a DSN can send one). Payloads in every field
 * the UI shows must appear as literal text: no script runs, no element is injected, no `javascript:` link.
 */
describe.skipIf(!chromiumAvailable())('web UI: event data is only ever text', () => {
  let server: TestServer;
  let browser: Browser;
  let acct: Provisioned;
  let page: Page;
  let watch: PageWatch;
  let issueId = '';

  /** Nothing ran and nothing was injected, whatever the page shows. */
  async function expectInert(): Promise<void> {
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.evaluate('document.querySelectorAll("img[src=x], [onerror]").length')).toBe(0);
    expect(
      await page.evaluate('[...document.scripts].filter((s) => s.textContent.includes("__xss")).length'),
    ).toBe(0);
    expect(await page.evaluate('document.querySelectorAll("a[href^=\'javascript:\' i]").length')).toBe(0);
    expect(watch.dialogs).toEqual([]);
    expect(watch.errors).toEqual([]);
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    acct = provision(server.dataDir, server.port, { org: 'xss', project: 'web', platform: 'javascript' });
    await waitForIngest(server, acct);
    await sendEvent(server.url, acct.projectId, acct.publicKey, xssEvent());
    const api = new ApiClient(server.url, acct.token);
    const issues = await waitFor(
      async () => {
        const list = await api.get<Array<{ id: string }>>('/api/0/organizations/xss/issues/?query=');
        return list.length > 0 ? list : null;
      },
      15_000,
      'the XSS issue',
    );
    issueId = issues[0]!.id;
    ({ page, watch } = await openPage(browser));
    await loginViaUi(page, server.url, 'admin-xss@example.com', 'correct-horse-battery');
  });
  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  it('the stream shows the title and culprit as text', async () => {
    await page.goto(new URL('/organizations/xss/issues/', server.url).toString());
    const row = page.locator('.issue-row').first();
    await row.waitFor();
    await expect(row.locator('.issue-title').textContent()).resolves.toBe(`XssError: value ${IMG}`);
    await expect(row.textContent()).resolves.toContain(`app/${IMG}.js`);
    await expectInert();
  });

  it('the issue page shows every payload literally, raw JSON and folded frames included', async () => {
    await page.goto(new URL(`/organizations/xss/issues/${issueId}/`, server.url).toString());
    await page.getByTestId('stack-trace').waitFor();
    await page.getByRole('button', { name: /library frame/ }).click();
    await page.getByRole('button', { name: 'Show raw JSON' }).click();
    await page.locator('.raw-json').waitFor();

    const text = async (testId: string) => (await page.getByTestId(testId).textContent()) ?? '';
    expect(await text('issue-title')).toBe(`XssError: value ${IMG}`);
    expect(await text('message')).toContain(`message ${SCRIPT} ${IMG}`);
    const exception = await text('exception');
    expect(exception).toContain(`value ${IMG}`);
    expect(exception).toContain(`lib${SCRIPT}`); // the folded library frame's function
    expect(exception).toContain(`el.innerHTML = '${IMG}';`); // source context
    expect(exception).toContain(SCRIPT); // pre-context line
    expect(exception).toContain(JS_URL); // post-context line and a variable
    expect(exception).toContain(IMG); // frame variables
    const crumbs = await text('breadcrumbs');
    expect(crumbs).toContain(`cat ${IMG}`);
    expect(crumbs).toContain(`crumb ${SCRIPT}`);
    expect(crumbs).toContain(`${JS_URL} → ${IMG}`);
    const request = await text('request');
    expect(request).toContain(JS_URL); // the URL, shown as text
    expect(request).toContain(IMG); // a header
    expect(request).toContain(SCRIPT); // the query string
    expect(await text('event-tags')).toContain(IMG);
    const contexts = await text('contexts');
    expect(contexts).toContain(`${IMG}@example.com`);
    expect(contexts).toContain(SCRIPT); // username and browser version
    expect(await text('raw-json')).toContain(SCRIPT);
    expect(await page.locator('.issue-header').textContent()).toContain(`rel-${IMG}`);
    await page.getByTestId('breadcrumbs').getByText(`crumb ${SCRIPT}`).waitFor({ state: 'visible' });
    await expectInert();
  });

  it('the tag distribution shows payload values as text', async () => {
    await page.locator('.tag-dist').waitFor();
    await expect(page.locator('.tag-dist').textContent()).resolves.toContain(IMG);
    await expectInert();
  });
});
