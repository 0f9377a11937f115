import { describe, expect, it } from 'vitest';
import { formatRateLimit, formatRateLimits, retryAfterSeconds } from './rate-limits-header.js';

describe('X-Sentry-Rate-Limits', () => {
  const key = {
    categories: ['default', 'error', 'security'],
    scope: 'key',
    reasonCode: 'key_quota',
  } as const;

  it('formats a key limit as Relay does: seconds, categories joined by ;, scope, reason', () => {
    expect(formatRateLimit({ ...key, retryAfter: 60 })).toBe('60:default;error;security:key:key_quota');
  });

  it('rounds seconds up and never announces less than one', () => {
    expect(formatRateLimit({ ...key, retryAfter: 12.01 })).toMatch(/^13:/);
    expect(formatRateLimit({ ...key, retryAfter: 0 })).toMatch(/^1:/);
    expect(retryAfterSeconds(0.2)).toBe(1);
    expect(retryAfterSeconds(59.5)).toBe(60);
  });

  it('joins several limits with a comma and a space', () => {
    expect(
      formatRateLimits([
        { ...key, retryAfter: 5 },
        { retryAfter: 2700, categories: ['transaction'], scope: 'project', reasonCode: 'project_quota' },
      ]),
    ).toBe('5:default;error;security:key:key_quota, 2700:transaction:project:project_quota');
  });

  it('is read back by the JS SDKs as a limit on exactly those categories', async () => {
    // The SDK's own parser (what every JS SDK runs on each response): the limit must land on the
    // error categories only, so sessions and client reports keep flowing.
    const { updateRateLimits, isRateLimited } = await import('@sentry/core');
    const now = 1_000_000;
    const limits = updateRateLimits(
      {},
      {
        statusCode: 429,
        headers: { 'x-sentry-rate-limits': formatRateLimit({ ...key, retryAfter: 30 }), 'retry-after': '30' },
      },
      now,
    );
    expect(isRateLimited(limits, 'error', now + 29_000)).toBe(true);
    expect(isRateLimited(limits, 'default', now + 29_000)).toBe(true);
    expect(isRateLimited(limits, 'error', now + 30_001)).toBe(false);
    expect(isRateLimited(limits, 'session', now)).toBe(false);
    expect(isRateLimited(limits, 'internal', now)).toBe(false);
  });
});
