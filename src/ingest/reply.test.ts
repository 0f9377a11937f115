import { describe, expect, it } from 'vitest';
import { badRequest } from '../protocol/errors.js';
import { ingestErrorAnswer, OVERLOAD_RETRY_AFTER_S, OverloadedError, RateLimitedError } from './reply.js';

describe('ingestErrorAnswer', () => {
  it('asks clients to wait a few seconds when overloaded (503 + Retry-After)', () => {
    const answer = ingestErrorAnswer(new OverloadedError('spool write queue is full'));
    expect(answer.status).toBe(503);
    expect(answer.headers['retry-after']).toBe(String(OVERLOAD_RETRY_AFTER_S));
    expect(answer.headers['x-sentry-rate-limits']).toBeUndefined();
    expect(JSON.parse(answer.body)).toEqual({ detail: 'spool write queue is full' });
  });

  it('answers a rate limit with 429, Retry-After and the categories limited', () => {
    const notice = {
      retryAfter: 41.5,
      categories: ['default', 'error', 'security'],
      scope: 'key',
      reasonCode: 'key_quota',
    } as const;
    const answer = ingestErrorAnswer(new RateLimitedError(notice, 'rate limit reached'));
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('42');
    expect(answer.headers['x-sentry-rate-limits']).toBe('42:default;error;security:key:key_quota');
    expect(answer.headers['access-control-expose-headers']).toContain('retry-after');
    expect(JSON.parse(answer.body)).toEqual({ detail: 'rate limit reached' });
  });

  it('sends neither header with other refusals, and X-Sentry-Error in printable ASCII', () => {
    const answer = ingestErrorAnswer(badRequest('invalid_envelope', 'bad header “dsn”'));
    expect(answer.status).toBe(400);
    expect(answer.headers['retry-after']).toBeUndefined();
    expect(answer.headers['x-sentry-rate-limits']).toBeUndefined();
    expect(answer.headers['x-sentry-error']).toBe('bad header ?dsn?');
  });

  it('hides the internals of an unexpected error behind a 500', () => {
    const answer = ingestErrorAnswer(new Error('SQLITE_CORRUPT at /secret/path'));
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ detail: 'internal error' });
  });
});
