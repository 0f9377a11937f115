import { describe, expect, it } from 'vitest';
import { normalizeEvent } from './normalize.js';
import type { NormalizeContext } from './normalize.js';

const RECEIVED = Date.parse('2026-03-01T12:00:00Z');
const norm = (raw: Record<string, unknown>, ctx: Partial<NormalizeContext> = {}) =>
  normalizeEvent(raw, { receivedAt: RECEIVED, ...ctx });

describe('identity fields', () => {
  it('event id: envelope header wins, UUIDs are compacted, garbage is replaced', () => {
    expect(norm({ event_id: 'a'.repeat(32) }, { eventId: 'B'.repeat(32) }).eventId).toBe('b'.repeat(32));
    expect(norm({ event_id: '550E8400-E29B-41D4-A716-446655440000' }).eventId).toBe(
      '550e8400e29b41d4a716446655440000',
    );
    expect(norm({ event_id: 42 }).eventId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('platform defaults to other, falls back to the item hint, and must be known', () => {
    expect(norm({}).platform).toBe('other');
    expect(norm({}, { platformHint: 'python' }).platform).toBe('python');
    expect(norm({ platform: 'JavaScript ' }).platform).toBe('javascript');
    expect(norm({ platform: 'cobol' }).platform).toBe('other');
  });

  it('level defaults to error and accepts aliases and Python numeric levels', () => {
    expect(norm({}).level).toBe('error');
    expect(norm({ level: 'warn' }).level).toBe('warning');
    expect(norm({ level: 'CRITICAL' }).level).toBe('fatal');
    expect(norm({ level: 20 }).level).toBe('info');
    expect(norm({ level: 'bogus' }).level).toBe('error');
  });

  it('environment, release and dist are trimmed and validated', () => {
    const ev = norm({ environment: ' production ', release: ' app@1.0 ', dist: ' 42 ' });
    expect([ev.environment, ev.release, ev.dist]).toEqual(['production', 'app@1.0', '42']);
    expect(norm({ release: 'a/b' }).release).toBeNull();
    expect(norm({ release: '..' }).release).toBeNull();
    expect(norm({ environment: 'x'.repeat(65) }).environment).toBeNull();
    expect(norm({ dist: 7 }).dist).toBeNull(); // no release, no dist
    expect(norm({ release: 'r', dist: 7 }).dist).toBe('7');
  });
});

describe('timestamps', () => {
  it('reads RFC 3339 (with microseconds, offsets, or no zone) and Unix seconds', () => {
    expect(norm({ timestamp: '2026-03-01T11:59:00.123456Z' }).timestamp).toBe(
      Date.parse('2026-03-01T11:59:00.123Z') + 0.456,
    );
    expect(norm({ timestamp: '2026-03-01T13:59:00+02:00' }).timestamp).toBe(
      Date.parse('2026-03-01T11:59:00Z'),
    );
    expect(norm({ timestamp: '2026-03-01T11:59:00' }).timestamp).toBe(Date.parse('2026-03-01T11:59:00Z'));
    expect(norm({ timestamp: RECEIVED / 1000 - 60.5 }).timestamp).toBe(RECEIVED - 60500);
    expect(norm({ timestamp: String(RECEIVED / 1000 - 1) }).timestamp).toBe(RECEIVED - 1000);
  });

  it('missing, unreadable, future and too-old timestamps become the receive time', () => {
    expect(norm({}).timestamp).toBe(RECEIVED);
    expect(norm({ timestamp: 'yesterday' }).timestamp).toBe(RECEIVED);
    expect(norm({ timestamp: RECEIVED / 1000 + 3600 }).timestamp).toBe(RECEIVED);
    expect(norm({ timestamp: RECEIVED / 1000 - 40 * 86400 }).timestamp).toBe(RECEIVED);
  });

  it('corrects client clock drift using sent_at (event and breadcrumbs)', () => {
    const skew = 2 * 3600 * 1000; // client clock two hours behind
    const clientNow = (RECEIVED - skew) / 1000;
    const ev = norm(
      { timestamp: clientNow - 5, breadcrumbs: [{ timestamp: clientNow - 6 }] },
      { sentAt: RECEIVED - skew },
    );
    expect(ev.timestamp).toBe(RECEIVED - 5000);
    expect((ev.data['breadcrumbs'] as { values: Array<{ timestamp: number }> }).values[0]!.timestamp).toBe(
      RECEIVED / 1000 - 6,
    );
    // Small skews are normal latency and left alone.
    expect(norm({ timestamp: RECEIVED / 1000 - 5 }, { sentAt: RECEIVED - 10_000 }).timestamp).toBe(
      RECEIVED - 5000,
    );
  });
});

describe('message and logentry', () => {
  const logentry = (raw: Record<string, unknown>) => norm(raw).data['logentry'];

  it('a top-level message string is the formatted text', () => {
    expect(logentry({ message: 'hello' })).toEqual({ formatted: 'hello' });
  });

  it('message objects and logentry with a template keep the template', () => {
    expect(logentry({ message: { message: 'user %s failed', params: ['bob'] } })).toEqual({
      formatted: 'user bob failed',
      message: 'user %s failed',
      params: ['bob'],
    });
    expect(logentry({ logentry: { message: '%(n)d items', params: { n: 3 } } })).toMatchObject({
      formatted: '3 items',
      message: '%(n)d items',
    });
    expect(logentry({ logentry: { message: 'm', formatted: 'm' } })).toEqual({ formatted: 'm' });
    expect(logentry({ logentry: { message: 'only template' } })).toEqual({ formatted: 'only template' });
  });

  it('logentry wins over the legacy message; text is capped at 8,192', () => {
    expect(logentry({ logentry: { formatted: 'new' }, message: 'old' })).toEqual({ formatted: 'new' });
    expect((logentry({ message: 'x'.repeat(10_000) }) as { formatted: string }).formatted).toHaveLength(8192);
  });
});

describe('exceptions', () => {
  const values = (raw: Record<string, unknown>) =>
    (norm(raw).data['exception'] as { values: Array<Record<string, unknown>> } | undefined)?.values;

  it('accepts {values}, a bare array, or a single object', () => {
    expect(values({ exception: { values: [{ type: 'A' }] } })).toEqual([{ type: 'A' }]);
    expect(values({ exception: [{ type: 'B' }] })).toEqual([{ type: 'B' }]);
    expect(values({ exception: { type: 'C', value: 'c' } })).toEqual([{ type: 'C', value: 'c' }]);
  });

  it('splits "Type: value" when the type is missing, and drops empty exceptions', () => {
    expect(values({ exception: [{ value: 'ValueError: bad input' }] })).toEqual([
      { type: 'ValueError', value: 'bad input' },
    ]);
    expect(values({ exception: [{ value: 'no colon here' }] })).toEqual([{ value: 'no colon here' }]);
    expect(values({ exception: [{ module: 'x' }, { type: 'Kept' }] })).toEqual([{ type: 'Kept' }]);
    expect(norm({ exception: [{ mechanism: {} }] }).type).toBe('default');
  });

  it('event type is error with exceptions, default without', () => {
    expect(norm({ exception: [{ type: 'E' }] }).type).toBe('error');
    expect(norm({ message: 'm' }).type).toBe('default');
  });

  it('moves a lone top-level stack trace into the single exception', () => {
    const frames = [{ function: 'f', filename: 'a.py' }];
    const ev = norm({ exception: [{ type: 'E' }], stacktrace: { frames } });
    expect(ev.data['stacktrace']).toBeUndefined();
    expect(values({ exception: [{ type: 'E' }], stacktrace: { frames } })![0]!['stacktrace']).toEqual({
      frames: [{ function: 'f', filename: 'a.py', abs_path: 'a.py' }],
    });
    expect(
      norm({ exception: [{ type: 'E' }, { type: 'F' }], stacktrace: { frames } }).data['stacktrace'],
    ).toBeDefined();
  });
});

describe('tags', () => {
  const tags = (raw: unknown) => norm({ tags: raw }).data['tags'];

  it('accepts an object or a list of pairs; values are stringified and trimmed', () => {
    expect(tags({ a: ' x ', n: 5, b: true })).toEqual([
      ['a', 'x'],
      ['n', '5'],
      ['b', 'true'],
    ]);
    expect(tags([['a', 'x'], ['c', 1.5], 'junk', ['only-one']])).toEqual([
      ['a', 'x'],
      ['c', '1.5'],
    ]);
  });

  it('drops tags Sentry cannot store', () => {
    expect(
      tags({ 'bad key': 'v', ['k'.repeat(33)]: 'v', long: 'v'.repeat(201), nl: 'a\nb', empty: '', ok: 'y' }),
    ).toEqual([['ok', 'y']]);
  });
});

describe('breadcrumbs', () => {
  it('accepts {values} or a list and never re-sorts', () => {
    const crumbs = [
      { message: 'b', timestamp: 20 },
      { message: 'a', timestamp: 10 },
    ];
    const out = (raw: unknown) =>
      (norm({ breadcrumbs: raw }).data['breadcrumbs'] as { values: Array<{ message: string }> }).values;
    expect(out(crumbs).map((c) => c.message)).toEqual(['b', 'a']);
    expect(out({ values: crumbs }).map((c) => c.message)).toEqual(['b', 'a']);
  });
});

describe('request, user and user agent', () => {
  const UA =
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.109 Safari/537.36';

  it('headers as object or pairs become Title-Case pairs; the query string is split off the URL', () => {
    const a = norm({ request: { url: 'https://x.test/p?q=1#top', headers: { 'user-agent': UA, 'x-id': 7 } } })
      .data['request'];
    expect(a).toEqual({
      url: 'https://x.test/p',
      query_string: [['q', '1']],
      fragment: 'top',
      headers: [
        ['User-Agent', UA],
        ['X-Id', '7'],
      ],
    });
    const b = norm({ request: { headers: [['content-type', 'text/plain']] } }).data['request'];
    expect(b).toEqual({ headers: [['Content-Type', 'text/plain']] });
  });

  it('derives browser and OS contexts from the User-Agent header', () => {
    const contexts = norm({ request: { headers: { 'User-Agent': UA } } }).data['contexts'];
    expect(contexts).toMatchObject({
      browser: { name: 'Chrome', version: '120.0.6099' },
      os: { name: 'Windows', version: '10' },
    });
  });

  it('uses the ingest request UA only for browser platforms, and never overrides SDK contexts', () => {
    expect(norm({ platform: 'javascript' }, { userAgent: UA }).data['contexts']).toMatchObject({
      browser: { name: 'Chrome' },
    });
    expect(norm({ platform: 'python' }, { userAgent: UA }).data['contexts']).toBeUndefined();
    const own = norm(
      { platform: 'javascript', contexts: { browser: { name: 'Mine' }, os: { name: 'Mine OS' } } },
      { userAgent: UA },
    );
    expect(own.data['contexts']).toMatchObject({
      browser: { name: 'Mine', type: 'browser' },
      os: { name: 'Mine OS' },
    });
  });

  it('fills {{auto}} and inferred user IPs from the client IP', () => {
    const user = (raw: Record<string, unknown>) => norm(raw, { clientIp: '198.51.100.4' }).data['user'];
    expect(user({ user: { id: 1, ip_address: '{{auto}}' } })).toEqual({
      id: '1',
      ip_address: '198.51.100.4',
    });
    expect(user({ platform: 'javascript', user: { id: 'u' } })).toEqual({
      id: 'u',
      ip_address: '198.51.100.4',
    });
    expect(user({ platform: 'python', user: { id: 'u' } })).toEqual({ id: 'u' });
    expect(user({ platform: 'python', sdk: { settings: { infer_ip: 'auto' } } })).toEqual({
      ip_address: '198.51.100.4',
    });
    expect(user({ platform: 'javascript', sdk: { settings: { infer_ip: 'never' } } })).toBeUndefined();
    expect(user({ user: { ip_address: 'not-an-ip', plan: 'pro' } })).toEqual({ data: { plan: 'pro' } });
  });
});
