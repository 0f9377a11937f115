import type { FastifyReply } from 'fastify';
import { ProtocolError } from '../protocol/errors.js';

/** Headers every ingest response carries so browser SDKs can read errors and rate limits (CORS). */
export const INGEST_CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-sentry-error, x-sentry-rate-limits, retry-after',
};

/** Headers of the answer to a CORS preflight. */
export const PREFLIGHT_HEADERS: Record<string, string> = {
  ...INGEST_CORS_HEADERS,
  'access-control-allow-methods': 'POST',
  'access-control-allow-headers':
    'x-sentry-auth, x-requested-with, x-forwarded-for, origin, referer, accept, content-type, authentication, authorization, content-encoding, transfer-encoding',
  'access-control-max-age': '3600',
};

/** Overload: the spool cannot take more right now. SDKs back off on 503 and do not retry the item. */
export class OverloadedError extends ProtocolError {
  constructor(detail: string) {
    super(503, 'overloaded', detail);
  }
}

/**
 * The one place an ingest failure becomes a response: status, `{"detail": …}`, and `X-Sentry-Error`
 * (older SDKs log that header). Unexpected errors are a 500 whose detail hides internals.
 */
export function sendIngestError(reply: FastifyReply, err: unknown): FastifyReply {
  const known = err instanceof ProtocolError;
  const status = known ? err.status : 500;
  const detail = known ? err.message : 'internal error';
  if (status === 429) reply.header('retry-after', '60');
  return reply
    .code(status)
    .headers(INGEST_CORS_HEADERS)
    .header('x-sentry-error', detail.replace(/[^\x20-\x7e]/g, '?'))
    .type('application/json')
    .send(JSON.stringify({ detail }));
}
