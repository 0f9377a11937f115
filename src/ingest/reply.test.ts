import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { badRequest } from '../protocol/errors.js';
import { OVERLOAD_RETRY_AFTER_S, OverloadedError, RateLimitedError, sendIngestError } from './reply.js';

describe('sendIngestError', () => {
  const app = Fastify();
  const errors: Record<string, unknown> = {
    overloaded: new OverloadedError('spool write queue is full'),
    limited: new RateLimitedError(
      {
        retryAfter: 41.5,
        categories: ['default', 'error', 'security'],
        scope: 'key',
        reasonCode: 'key_quota',
      },
      'rate limit reached',
    ),
    bad: badRequest('invalid_envelope', 'empty envelope body'),
  };
  app.get<{ Params: { kind: string } }>('/:kind', async (req, reply) =>
    sendIngestError(reply, errors[req.params.kind]),
  );
  afterAll(() => app.close());

  it('asks clients to wait a few seconds when overloaded (503 + Retry-After)', async () => {
    const res = await app.inject('/overloaded');
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe(String(OVERLOAD_RETRY_AFTER_S));
    expect(res.headers['x-sentry-rate-limits']).toBeUndefined();
    expect(res.json()).toEqual({ detail: 'spool write queue is full' });
  });

  it('answers a rate limit with 429, Retry-After and the categories limited', async () => {
    const res = await app.inject('/limited');
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('42');
    expect(res.headers['x-sentry-rate-limits']).toBe('42:default;error;security:key:key_quota');
    expect(res.headers['access-control-expose-headers']).toContain('retry-after');
    expect(res.json()).toEqual({ detail: 'rate limit reached' });
  });

  it('sends neither header with other refusals', async () => {
    const res = await app.inject('/bad');
    expect(res.statusCode).toBe(400);
    expect(res.headers['retry-after']).toBeUndefined();
    expect(res.headers['x-sentry-rate-limits']).toBeUndefined();
  });
});
