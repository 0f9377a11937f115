import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, waitFor } from '../harness/api.js';
import { errorEvent, newEventId } from '../harness/envelopes.js';
import {
  provision,
  startServer,
  waitForIngest,
  type Provisioned,
  type TestServer,
} from '../harness/server.js';
import { chromiumAvailable, launchChromium, openPage } from './support/chromium.js';
import { loginViaUi, sessionRequest } from './support/login.js';
import { sendEvent } from './support/sample-events.js';

const MEMBER = { email: 'member-a@example.com', password: 'member-a-password' };

/** A member of organization A, signed in to the UI, gets nothing of organization B: not even its existence. */
describe.skipIf(!chromiumAvailable())('web UI: organizations are walled off', () => {
  let server: TestServer;
  let browser: Browser;
  let a: Provisioned;
  let b: Provisioned;
  let page: Page;
  let issueA = '';
  let issueB = '';

  async function firstIssue(acct: Provisioned): Promise<string> {
    const api = new ApiClient(server.url, acct.token);
    const list = await waitFor(
      async () => {
        const found = await api.get<Array<{ id: string }>>(`/api/0/organizations/${acct.org}/issues/?query=`);
        return found.length > 0 ? found : null;
      },
      15_000,
      `an issue in ${acct.org}`,
    );
    return list[0]!.id;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    a = provision(server.dataDir, server.port, { org: 'alpha', project: 'web' });
    b = provision(server.dataDir, server.port, { org: 'beta', project: 'api' });
    const added = await new ApiClient(server.url, a.token).request(
      'POST',
      '/api/0/organizations/alpha/members/',
      {
        ...MEMBER,
        role: 'member',
      },
    );
    expect(added.status).toBe(201);
    await Promise.all([waitForIngest(server, a), waitForIngest(server, b)]);
    await sendEvent(server.url, a.projectId, a.publicKey, errorEvent(newEventId(), 1));
    await sendEvent(server.url, b.projectId, b.publicKey, errorEvent(newEventId(), 2));
    [issueA, issueB] = await Promise.all([firstIssue(a), firstIssue(b)]);
    ({ page } = await openPage(browser));
    await loginViaUi(page, server.url, MEMBER.email, MEMBER.password);
  });
  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
  });

  it("opens its own organization's issue", async () => {
    await page.goto(new URL(`/organizations/alpha/issues/${issueA}/`, server.url).toString());
    await expect(page.getByTestId('issue-title').textContent()).resolves.toContain('Variant1Error');
    const orgs = await page.locator('.org-switcher option').allTextContents();
    expect(orgs.filter((o) => !o.startsWith('+'))).toEqual(['alpha']);
  });

  it("gets a not-found page for the other organization's issue, under either organization's URL", async () => {
    for (const path of [
      `/organizations/beta/issues/${issueB}/`,
      `/organizations/alpha/issues/${issueB}/`,
      `/organizations/beta/issues/${issueB}/events/latest/`,
      '/organizations/beta/issues/',
      '/settings/beta/projects/api/',
      '/organizations/beta/projects/api/getting-started/',
    ]) {
      await page.goto(new URL(path, server.url).toString());
      await page.getByTestId('not-found').waitFor();
      await expect(page.locator('body').textContent()).resolves.not.toContain('Variant2Error');
    }
  });

  it('every API route the UI uses answers 404 for the other organization, reads and writes alike', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/0/organizations/beta/'],
      ['GET', '/api/0/organizations/beta/projects/'],
      ['GET', '/api/0/organizations/beta/issues/?query='],
      ['GET', `/api/0/organizations/beta/issues/${issueB}/`],
      ['GET', `/api/0/organizations/alpha/issues/${issueB}/`],
      ['GET', `/api/0/issues/${issueB}/events/latest/`],
      ['GET', `/api/0/issues/${issueB}/events/oldest/`],
      ['GET', `/api/0/issues/${issueB}/events/`],
      ['GET', `/api/0/issues/${issueB}/tags/`],
      ['GET', `/api/0/issues/${issueB}/hashes/`],
      ['GET', '/api/0/projects/beta/api/'],
      ['GET', '/api/0/projects/beta/api/keys/'],
      ['GET', '/api/0/organizations/beta/teams/'],
      ['GET', '/api/0/organizations/beta/members/'],
      ['GET', '/api/0/organizations/beta/stats_v2/?statsPeriod=24h&groupBy=outcome'],
      ['PUT', `/api/0/organizations/beta/issues/${issueB}/`, { status: 'resolved' }],
      ['PUT', `/api/0/organizations/alpha/issues/${issueB}/`, { status: 'resolved' }],
      ['PUT', `/api/0/organizations/beta/issues/?id=${issueB}`, { status: 'resolved' }],
      ['DELETE', `/api/0/organizations/beta/issues/${issueB}/`],
      ['POST', '/api/0/teams/beta/beta/projects/', { name: 'intruder' }],
      ['PUT', '/api/0/projects/beta/api/', { name: 'renamed' }],
      ['POST', '/api/0/projects/beta/api/keys/', { name: 'stolen' }],
      ['POST', '/api/0/organizations/beta/members/', { email: MEMBER.email, role: 'owner' }],
      ['POST', '/api/0/organizations/beta/teams/', { name: 'intruders' }],
    ];
    const answers: string[] = [];
    for (const [method, path, body] of routes) {
      const res = await sessionRequest(page, server.url, method, path, body);
      answers.push(`${method} ${path} → ${res.status()}`);
    }
    expect(answers).toEqual(routes.map(([method, path]) => `${method} ${path} → 404`));

    // And nothing changed in B.
    const apiB = new ApiClient(server.url, b.token);
    const issue = await apiB.get<{ status: string }>(`/api/0/organizations/beta/issues/${issueB}/`);
    expect(issue.status).toBe('unresolved');
    expect(await apiB.get<unknown[]>('/api/0/projects/beta/api/keys/')).toHaveLength(1);
  });

  it('a member without superuser rights cannot reach user administration', async () => {
    const res = await sessionRequest(page, server.url, 'GET', '/api/0/internal/users/');
    expect(res.status()).toBe(403);
    await page.goto(new URL('/manage/users/', server.url).toString());
    await page.getByTestId('not-found').waitFor();
  });
});
