import { isThresholdMetric, THRESHOLD_METRICS, type ThresholdMetric } from '../../perf/thresholds.js';
import { badInput } from '../errors.js';

/** Longest threshold accepted (ms): a minute; anything slower is not a satisfied request. */
export const MAX_THRESHOLD_MS = 60_000;

/** Longest transaction name an override may name (Sentry's, after Relay's limit on names). */
export const MAX_TRANSACTION_LENGTH = 200;

/** Most transactions of one project with their own threshold (Sentry's limit). */
export const MAX_OVERRIDES_PER_PROJECT = 100;

/** A request body as Fastify hands it over: parsed JSON of any shape, or nothing. */
export type Body = Record<string, unknown> | null | undefined;

/** The body as an object; anything else (an array, a string) is refused. */
export function readBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badInput('Expected a JSON object.');
  return body as Record<string, unknown>;
}

/**
 * A threshold in whole milliseconds from 1 to {@link MAX_THRESHOLD_MS}; a numeric string too, as forms
 * and Sentry's own serialiser send it. Sentry's UI offers multiples of 100 only; any whole value works
 * here, as the `sentry:apdex_threshold` option always allowed.
 */
export function readThresholdMs(value: unknown, name = 'threshold'): number {
  const ms = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > MAX_THRESHOLD_MS)
    throw badInput(`${name} must be a whole number of milliseconds from 1 to ${MAX_THRESHOLD_MS}.`);
  return ms;
}

/** `duration` or `lcp`. */
export function readMetric(value: unknown): ThresholdMetric {
  if (!isThresholdMetric(value))
    throw badInput(`metric must be one of ${THRESHOLD_METRICS.map((m) => `"${m}"`).join(', ')}.`);
  return value;
}

/** A transaction name: not empty, at most {@link MAX_TRANSACTION_LENGTH} characters, kept exactly. */
export function readTransaction(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw badInput('transaction is required.');
  if (value.length > MAX_TRANSACTION_LENGTH)
    throw badInput(`transaction must be at most ${MAX_TRANSACTION_LENGTH} characters.`);
  return value;
}
