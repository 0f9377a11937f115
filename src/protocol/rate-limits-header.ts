/**
 * The `X-Sentry-Rate-Limits` response header (ingest.md §4): one entry per active limit,
 * `<retry_after>:<categories>:<scope>[:<reason_code>]`, entries joined by `, `. SDKs stop sending the
 * listed categories for `retry_after` seconds; an empty category list would mean every category, which
 * would also silence client reports and sessions, so a limit always names its categories.
 */

/** Who a limit belongs to, in the header's words. */
export type RateLimitScope = 'organization' | 'project' | 'key';

/** One active rate limit, as the header announces it. */
export interface RateLimitNotice {
  /** Seconds until the limit lifts; sent rounded up to a whole second, at least 1. */
  retryAfter: number;
  /** Data categories it covers (`error`, `default`, …). */
  categories: readonly string[];
  scope: RateLimitScope;
  /** Machine-readable reason, counted with the outcome too (e.g. `key_quota`). */
  reasonCode: string;
}

/** Seconds as the headers carry them: whole, and at least 1 (a client told 0 would retry at once). */
export function retryAfterSeconds(seconds: number): number {
  return Math.max(1, Math.ceil(seconds));
}

/** Formats one limit, e.g. `60:default;error;security:key:key_quota`. */
export function formatRateLimit(limit: RateLimitNotice): string {
  const seconds = retryAfterSeconds(limit.retryAfter);
  return `${seconds}:${limit.categories.join(';')}:${limit.scope}:${limit.reasonCode}`;
}

/** Formats the whole header value for several limits. */
export function formatRateLimits(limits: readonly RateLimitNotice[]): string {
  return limits.map(formatRateLimit).join(', ');
}
