import { describe, it, expect } from 'vitest';
import { buildDsn, extractAuth, parseDsn } from './auth.js';
import type { AuthRequest } from './auth.js';
import { expectRefusal } from '../../test/harness/refusal.js';

const KEY = '0123456789abcdef0123456789abcdef';
const OTHER = 'fedcba9876543210fedcba9876543210';

const req = (over: Partial<AuthRequest> = {}): AuthRequest => ({ headers: {}, query: {}, ...over });

describe('extractAuth sources', () => {
  it('reads X-Sentry-Auth', () => {
    const auth = extractAuth(
      req({
        headers: {
          'x-sentry-auth': `Sentry sentry_version=7, sentry_client=sentry.python/1.9.10, sentry_key=${KEY}, sentry_secret=s`,
        },
      }),
    );
    expect(auth).toEqual({ publicKey: KEY, version: 7, client: 'sentry.python/1.9.10' });
  });

  it('treats the Sentry prefix case-insensitively and tolerates odd spacing', () => {
    for (const prefix of ['sentry ', 'SENTRY ', 'Sentry  ', '']) {
      const auth = extractAuth(
        req({ headers: { 'x-sentry-auth': `${prefix}sentry_key=${KEY} ,sentry_version = 6` } }),
      );
      expect(auth).toEqual({ publicKey: KEY, version: 6, client: null });
    }
  });

  it('matches header names case-insensitively', () => {
    expect(extractAuth(req({ headers: { 'X-Sentry-Auth': `Sentry sentry_key=${KEY}` } })).publicKey).toBe(
      KEY,
    );
  });

  it('reads Authorization: Sentry …', () => {
    const auth = extractAuth(
      req({ headers: { authorization: `sentry sentry_key=${KEY}, sentry_version=7` } }),
    );
    expect(auth.publicKey).toBe(KEY);
  });

  it('reads Authorization: Basic base64(key:anything)', () => {
    const basic = Buffer.from(`${KEY}:ignored`).toString('base64');
    expect(extractAuth(req({ headers: { authorization: `Basic ${basic}` } }))).toEqual({
      publicKey: KEY,
      version: 7,
      client: null,
    });
    const noColon = Buffer.from(KEY).toString('base64');
    expect(extractAuth(req({ headers: { authorization: `basic ${noColon}` } })).publicKey).toBe(KEY);
  });

  it('ignores other Authorization schemes', () => {
    const auth = extractAuth(
      req({ headers: { authorization: 'Bearer sntrys_x' }, query: { sentry_key: KEY } }),
    );
    expect(auth.publicKey).toBe(KEY);
  });

  it('reads the query string (JS SDKs)', () => {
    const auth = extractAuth(
      req({
        query: { sentry_version: '7', sentry_key: KEY, sentry_client: 'sentry.javascript.node/11.12.0' },
      }),
    );
    expect(auth).toEqual({ publicKey: KEY, version: 7, client: 'sentry.javascript.node/11.12.0' });
  });

  it('takes the first of repeated query values', () => {
    expect(extractAuth(req({ query: { sentry_key: [KEY, OTHER] } })).publicKey).toBe(KEY);
  });

  it('reads a path key (cron, unreal)', () => {
    expect(extractAuth(req({ pathKey: KEY }))).toEqual({ publicKey: KEY, version: 7, client: null });
  });

  it('uses the envelope dsn when it is the only source', () => {
    const auth = extractAuth(req({ envelopeDsn: `https://${KEY}@sentry.example.com/42`, projectId: '42' }));
    expect(auth).toEqual({ publicKey: KEY, version: 7, client: null });
  });

  it('falls back to User-Agent for the client', () => {
    const auth = extractAuth(
      req({ headers: { 'user-agent': 'raven-ruby/1.0' }, query: { sentry_key: KEY } }),
    );
    expect(auth.client).toBe('raven-ruby/1.0');
    const withClient = extractAuth(
      req({
        headers: { 'user-agent': 'ua', 'x-sentry-auth': `Sentry sentry_key=${KEY}, sentry_client=c/1` },
      }),
    );
    expect(withClient.client).toBe('c/1');
  });

  it('reads only the major version and defaults to 7', () => {
    expect(extractAuth(req({ query: { sentry_key: KEY, sentry_version: '7.0' } })).version).toBe(7);
    expect(extractAuth(req({ query: { sentry_key: KEY, sentry_version: '5' } })).version).toBe(5);
    expect(extractAuth(req({ query: { sentry_key: KEY, sentry_version: '' } })).version).toBe(7);
  });
});

describe('extractAuth errors', () => {
  it('401 when there is no auth at all', () => {
    const err = expectRefusal(() => extractAuth(req()), 401, 'auth_missing');
    expect(err.message).toBe('missing authorization information');
    expectRefusal(
      () => extractAuth(req({ query: { sentry_version: '7' }, pathKey: '' })),
      401,
      'auth_missing',
    );
  });

  it('401 when several sources are present', () => {
    const cases: AuthRequest[] = [
      req({ headers: { 'x-sentry-auth': `Sentry sentry_key=${KEY}` }, query: { sentry_key: KEY } }),
      req({
        headers: { 'x-sentry-auth': `Sentry sentry_key=${KEY}`, authorization: `Sentry sentry_key=${KEY}` },
      }),
      req({ headers: { authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}` }, pathKey: KEY }),
      req({ query: { sentry_key: KEY }, pathKey: KEY }),
      req({ headers: { 'x-sentry-auth': [`Sentry sentry_key=${KEY}`, `Sentry sentry_key=${KEY}`] } }),
    ];
    for (const r of cases) {
      const err = expectRefusal(() => extractAuth(r), 401, 'auth_multiple');
      expect(err.message).toMatch(/^multiple authorization payloads detected/);
    }
  });

  it('401 when sentry_key is missing or empty', () => {
    expectRefusal(
      () => extractAuth(req({ headers: { 'x-sentry-auth': 'Sentry sentry_version=7' } })),
      401,
      'auth_missing_key',
    );
    expectRefusal(() => extractAuth(req({ query: { sentry_key: '' } })), 401, 'auth_missing_key');
    expectRefusal(() => extractAuth(req({ headers: { authorization: 'Basic ' } })), 401, 'auth_missing_key');
  });

  it('401 invalid_auth for keys that cannot be public keys', () => {
    for (const key of ['abc-def', 'a b', 'k'.repeat(65), "'; drop"]) {
      expectRefusal(() => extractAuth(req({ query: { sentry_key: key } })), 401, 'invalid_auth');
    }
  });

  it('401 for a non-numeric version, 400 for versions above 7', () => {
    expectRefusal(
      () => extractAuth(req({ query: { sentry_key: KEY, sentry_version: 'seven' } })),
      401,
      'invalid_auth',
    );
    expectRefusal(
      () => extractAuth(req({ query: { sentry_key: KEY, sentry_version: '8' } })),
      400,
      'unsupported_protocol_version',
    );
    expectRefusal(
      () =>
        extractAuth(req({ headers: { 'x-sentry-auth': `Sentry sentry_key=${KEY}, sentry_version=8.1` } })),
      400,
      'unsupported_protocol_version',
    );
  });

  it('400 when the envelope dsn disagrees with the request', () => {
    expectRefusal(
      () => extractAuth(req({ query: { sentry_key: KEY }, envelopeDsn: `https://${OTHER}@h/1` })),
      400,
      'dsn_mismatch',
    );
    expectRefusal(
      () =>
        extractAuth(req({ query: { sentry_key: KEY }, envelopeDsn: `https://${KEY}@h/2`, projectId: '1' })),
      400,
      'dsn_mismatch',
    );
  });

  it('accepts an envelope dsn that agrees with the request', () => {
    const auth = extractAuth(
      req({
        query: { sentry_key: KEY, sentry_client: 'x' },
        envelopeDsn: `https://${KEY}:secret@h/sub/1`,
        projectId: '1',
      }),
    );
    expect(auth).toEqual({ publicKey: KEY, version: 7, client: 'x' });
  });

  it('400 for a garbage envelope dsn', () => {
    expectRefusal(() => extractAuth(req({ envelopeDsn: 'not a dsn' })), 400, 'invalid_dsn');
  });
});

describe('parseDsn / buildDsn', () => {
  it('parses the parts of a DSN', () => {
    expect(parseDsn(`https://${KEY}@o1.ingest.example.com/42`)).toEqual({
      publicKey: KEY,
      projectId: '42',
      host: 'o1.ingest.example.com',
      path: '',
      scheme: 'https',
    });
    expect(parseDsn(`http://${KEY}:secret@localhost:9000/sentry/proxy/7/`)).toEqual({
      publicKey: KEY,
      projectId: '7',
      host: 'localhost:9000',
      path: '/sentry/proxy',
      scheme: 'http',
    });
  });

  it('takes the leading digits of the last segment as project id', () => {
    expect(parseDsn(`https://${KEY}@h/12abc`).projectId).toBe('12');
  });

  it('refuses garbage', () => {
    for (const dsn of [
      '',
      'nope',
      `ftp://${KEY}@h/1`,
      'https://h/1',
      `https://${KEY}@h/`,
      `https://${KEY}@h/abc`,
    ]) {
      expectRefusal(() => parseDsn(dsn), 400, 'invalid_dsn');
    }
  });

  it('builds DSNs that parse back', () => {
    const dsn = buildDsn({
      scheme: 'https',
      host: 'errors.example.com:8443',
      publicKey: KEY,
      projectId: '3',
    });
    expect(dsn).toBe(`https://${KEY}@errors.example.com:8443/3`);
    expect(buildDsn({ scheme: 'http', host: 'h', publicKey: KEY, projectId: '3', path: 'faultline/' })).toBe(
      `http://${KEY}@h/faultline/3`,
    );
    const parsed = parseDsn(
      buildDsn({ scheme: 'http', host: 'h', publicKey: KEY, projectId: '9', path: '/a/b' }),
    );
    expect(parsed).toEqual({ publicKey: KEY, projectId: '9', host: 'h', path: '/a/b', scheme: 'http' });
  });
});
