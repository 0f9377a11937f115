import { describe, expect, it } from 'vitest';
import { parseLinkCursor } from './api';
import { readRequest } from './event-data';
import { safeNext } from './safe-next';
import { compactAge, compactAgo, relativeTime, shortCount } from './time';

describe('small helpers', () => {
  it('reads cursors from Sentry Link headers, only when there are results', () => {
    const link =
      '<http://x/?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", ' +
      '<http://x/?cursor=0:25:0>; rel="next"; results="true"; cursor="0:25:0"';
    expect(parseLinkCursor(link, 'next')).toBe('0:25:0');
    expect(parseLinkCursor(link, 'previous')).toBeNull();
    expect(parseLinkCursor(null, 'next')).toBeNull();
  });

  it('only redirects to local paths after login', () => {
    expect(safeNext('/organizations/a/issues/?query=x')).toBe('/organizations/a/issues/?query=x');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example/')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });

  it('formats relative times and counts', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(relativeTime('2026-01-01T11:59:50Z', now)).toBe('just now');
    expect(relativeTime('2026-01-01T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-01-01T09:00:00Z', now, true)).toBe('3h');
    expect(relativeTime(null, now)).toBe('—');
    expect(compactAgo('2026-01-01T11:59:59Z', now)).toBe('just now');
    expect(compactAgo('2026-01-01T11:00:00Z', now)).toBe('1h ago');
    expect(compactAge('2026-01-01T11:59:59Z', now)).toBe('brand new');
    expect(compactAge('2025-12-18T12:00:00Z', now)).toBe('2w old');
    expect(shortCount('1234')).toBe('1.2k');
    expect(shortCount(45_000)).toBe('45k');
    expect(shortCount(999)).toBe('999');
  });

  it('reads request headers in both shapes SDKs send', () => {
    const asPairs = readRequest([
      { type: 'request', data: { headers: [['A', '1']], query_string: [['q', 'x']] } },
    ]);
    expect(asPairs?.headers).toEqual([['A', '1']]);
    expect(asPairs?.queryString).toBe('q=x');
    const asObject = readRequest([{ type: 'request', data: { headers: { B: 2 } } }]);
    expect(asObject?.headers).toEqual([['B', '2']]);
  });
});
