import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../harness/api.js';
import { envelopeUrl, errorEvent, eventEnvelope, newEventId } from '../harness/envelopes.js';
import { startServer, type TestServer } from '../harness/server.js';

/** A browser-like client: keeps cookies and sends the CSRF header the UI sends. */
class BrowserSession {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}

  get csrf(): string | undefined {
    return this.cookies.get('fl_csrf');
  }

  async call(method: string, path: string, body?: unknown, opts: { csrf?: boolean } = {}) {
    const headers: Record<string, string> = {
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (opts.csrf !== false && this.csrf) headers['x-csrftoken'] = this.csrf;
    const res = await fetch(new URL(path, this.base), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const [k, v] = pair!.split('=') as [string, string];
      if (attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()))) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const text = await res.text();
    return {
      status: res.status,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
      headers: res.headers,
    };
  }
}

describe('sessions, settings and access for the web UI', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
  });

  it('runs first-start setup once, then logs in with cookies and CSRF', async () => {
    const anon = new BrowserSession(server.url);
    expect((await anon.call('GET', '/api/0/internal/setup/')).body).toEqual({ needsSetup: true });
    expect((await anon.call('GET', '/api/0/users/me/')).status).toBe(401);
    const admin = new BrowserSession(server.url);
    const setup = await admin.call('POST', '/api/0/internal/setup/', {
      email: 'Root@Example.com',
      password: 'first-password',
    });
    expect(setup.status).toBe(201);
    const cookie = setup.headers.getSetCookie().find((c) => c.startsWith('fl_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(
      (
        await anon.call('POST', '/api/0/internal/setup/', {
          email: 'x@example.com',
          password: 'second-password',
        })
      ).status,
    ).toBe(409);
    expect((await admin.call('GET', '/api/0/users/me/')).body).toMatchObject({
      email: 'root@example.com',
      isSuperuser: true,
    });

    // Writes without the CSRF header are refused even with a valid session cookie.
    expect(
      (await admin.call('POST', '/api/0/organizations/', { name: 'Acme' }, { csrf: false })).status,
    ).toBe(403);
    const org = await admin.call('POST', '/api/0/organizations/', { name: 'Acme' });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({ slug: 'acme' });

    expect((await admin.call('DELETE', '/api/0/auth/')).status).toBe(204);
    expect((await admin.call('GET', '/api/0/users/me/')).status).toBe(401);
    const login = await admin.call('POST', '/api/0/auth/login/', {
      email: 'root@example.com',
      password: 'first-password',
    });
    expect(login.status).toBe(200);
    expect((await admin.call('GET', '/api/0/organizations/')).body).toMatchObject([{ slug: 'acme' }]);
  });

  it('manages members, teams, projects, keys and tokens, and keeps organizations apart', async () => {
    const admin = new BrowserSession(server.url);
    await admin.call('POST', '/api/0/auth/login/', { email: 'root@example.com', password: 'first-password' });
    const team = await admin.call('POST', '/api/0/organizations/acme/teams/', { name: 'Payments' });
    expect(team.body).toMatchObject({ slug: 'payments' });
    const project = await admin.call('POST', '/api/0/teams/acme/payments/projects/', {
      name: 'Checkout',
      platform: 'node',
    });
    expect(project.status).toBe(201);
    const member = await admin.call('POST', '/api/0/organizations/acme/members/', {
      email: 'dev@example.com',
      role: 'member',
      password: 'dev-password-1',
    });
    expect(member.status).toBe(201);
    const members = await admin.call('GET', '/api/0/organizations/acme/members/');
    expect(
      (members.body as unknown as Array<{ email: string; role: string }>).map((m) => [m.email, m.role]),
    ).toEqual([
      ['dev@example.com', 'member'],
      ['root@example.com', 'owner'],
    ]);

    // A member can read but not manage.
    const dev = new BrowserSession(server.url);
    await dev.call('POST', '/api/0/auth/login/', { email: 'dev@example.com', password: 'dev-password-1' });
    expect((await dev.call('GET', '/api/0/projects/acme/checkout/')).status).toBe(200);
    expect((await dev.call('PUT', '/api/0/projects/acme/checkout/', { name: 'Nope' })).status).toBe(403);
    expect((await dev.call('GET', '/api/0/internal/users/')).status).toBe(403);

    // Tokens: created once with their secret, usable as bearer tokens, revocable.
    const token = await dev.call('POST', '/api/0/api-tokens/', { name: 'laptop' });
    expect(token.body!.token).toMatch(/^sntryu_[0-9a-f]{64}$/);
    const bearer = new ApiClient(server.url, token.body!.token as string);
    expect((await bearer.request('GET', '/api/0/organizations/')).status).toBe(200);
    expect((await dev.call('DELETE', `/api/0/api-tokens/${String(token.body!.id)}/`)).status).toBe(204);
    expect((await bearer.request('GET', '/api/0/organizations/')).status).toBe(401);

    // Keys: a disabled key stops ingest within seconds.
    const keys = await admin.call('GET', '/api/0/projects/acme/checkout/keys/');
    const key = (keys.body as unknown as Array<{ id: string; projectId: number }>)[0]!;
    const post = () =>
      fetch(envelopeUrl(server.url, String(key.projectId), key.id), {
        method: 'POST',
        body: eventEnvelope(errorEvent(newEventId())),
      });
    expect(
      (await admin.call('PUT', `/api/0/projects/acme/checkout/keys/${key.id}/`, { isActive: false })).body,
    ).toMatchObject({
      isActive: false,
    });
    let status = 200;
    for (let i = 0; i < 80 && status === 200; i++) {
      status = (await post()).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(403);

    // Another organization's owner sees nothing of acme.
    await admin.call('POST', '/api/0/internal/users/', {
      email: 'other@example.com',
      password: 'other-password',
    });
    const other = new BrowserSession(server.url);
    await other.call('POST', '/api/0/auth/login/', {
      email: 'other@example.com',
      password: 'other-password',
    });
    await other.call('POST', '/api/0/organizations/', { name: 'Other' });
    expect((await other.call('GET', '/api/0/organizations/acme/members/')).status).toBe(404);
    expect((await other.call('GET', '/api/0/projects/acme/checkout/keys/')).status).toBe(404);
    expect((await other.call('DELETE', '/api/0/projects/acme/checkout/')).status).toBe(404);

    // Renaming and deleting a project.
    expect(
      (await admin.call('PUT', '/api/0/projects/acme/checkout/', { name: 'Checkout v2', platform: 'python' }))
        .body,
    ).toMatchObject({
      name: 'Checkout v2',
      platform: 'python',
    });
    expect((await admin.call('DELETE', '/api/0/projects/acme/checkout/')).status).toBe(204);
    expect((await admin.call('GET', '/api/0/projects/acme/checkout/')).status).toBe(404);
  });

  it('serves the web app for page URLs with a strict CSP, and JSON 404s for unknown API paths', async () => {
    const page = await fetch(`${server.url}/organizations/acme/issues/`);
    if (page.status === 200) {
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await page.text()).toContain('<div id="root">');
    } else {
      expect(page.status).toBe(503); // the UI is not built in this checkout
    }
    const api = await fetch(`${server.url}/api/0/nothing-here/`);
    expect(api.status).toBe(404);
    expect(await api.json()).toHaveProperty('detail');
  });
  // Last: its failures lock this test client's address out of further logins.
  it('rate limits failed logins', async () => {
    const s = new BrowserSession(server.url);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (
          await s.call('POST', '/api/0/auth/login/', {
            email: 'victim@example.com',
            password: `guess-${i}-pw`,
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 10).every((x) => x === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
