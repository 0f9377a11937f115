import type { ServerResponse } from 'node:http';
import { ProtocolError } from '../protocol/errors.js';
import { formatRateLimit, retryAfterSeconds, type RateLimitNotice } from '../protocol/rate-limits-header.js';

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

/**
 * Seconds a 503 asks clients to wait. Relay sends no `Retry-After` with its 503; we do, because the JS
 * SDKs honour it on any status and then hold everything back for that long (counting what they drop
 * as `ratelimit_backoff` client discards, so the operator still sees it), which gives a full spool or
 * an exhausted memory budget room to drain. Short, because both clear within seconds. The Python SDK
 * reads `Retry-After` only on a 429 and ignores it here.
 */
export const OVERLOAD_RETRY_AFTER_S = 5;

/** Overload: the spool cannot take more right now. SDKs back off on 503 and do not retry the item. */
export class OverloadedError extends ProtocolError {
  constructor(detail: string) {
    super(503, 'overloaded', detail);
  }
}

/**
 * Everything the request carried is rate limited: a 429 with `Retry-After` and `X-Sentry-Rate-Limits`.
 * Its outcomes are counted per item where the limit was applied, not once for the request.
 */
export class RateLimitedError extends ProtocolError {
  constructor(
    readonly notice: RateLimitNotice,
    detail: string,
  ) {
    super(429, notice.reasonCode, detail);
  }
}

/** A complete ingest answer, before it is written. */
export interface IngestAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A JSON answer with the CORS headers every ingest response carries. */
export function jsonAnswer(status: number, body: string, headers: Record<string, string> = {}): IngestAnswer {
  return {
    status,
    headers: { ...INGEST_CORS_HEADERS, ...headers, 'content-type': 'application/json; charset=utf-8' },
    body,
  };
}

/**
 * The one place an ingest failure becomes an answer: status, `{"detail": …}`, and `X-Sentry-Error`
 * (older SDKs log that header). Unexpected errors are a 500 whose detail hides internals.
 */
export function ingestErrorAnswer(err: unknown): IngestAnswer {
  const known = err instanceof ProtocolError;
  const status = known ? err.status : 500;
  const detail = known ? err.message : 'internal error';
  const headers: Record<string, string> = { 'x-sentry-error': detail.replace(/[^\x20-\x7e]/g, '?') };
  if (err instanceof RateLimitedError) {
    headers['retry-after'] = String(retryAfterSeconds(err.notice.retryAfter));
    headers['x-sentry-rate-limits'] = formatRateLimit(err.notice);
  } else if (status === 429) {
    headers['retry-after'] = '60';
  } else if (status === 503) {
    headers['retry-after'] = String(OVERLOAD_RETRY_AFTER_S);
  }
  return jsonAnswer(status, JSON.stringify({ detail }), headers);
}

/** Writes an answer; a client that has gone away is not an error. */
export function sendAnswer(res: ServerResponse, answer: IngestAnswer): void {
  if (res.headersSent || res.destroyed) return;
  answer.headers['content-length'] = String(Buffer.byteLength(answer.body));
  res.writeHead(answer.status, answer.headers);
  // A string body goes out in one write with the headers (a Buffer would be a second chunk).
  res.end(answer.body);
}
