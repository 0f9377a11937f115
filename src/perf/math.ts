/**
 * The performance numbers Sentry shows (Discover's `p95()`, `failure_rate()`, `apdex()`, `user_misery()`,
 * `tpm()`, the span-op breakdown), computed exactly from raw values. Pure functions, no I/O: storage
 * runs them over query results, roll-up jobs over buckets, tests over hand-made data.
 */

/**
 * The `p`-quantile (`p` in [0, 1]; p100 = max) of values **already sorted ascending**, or null when there
 * are none. Linear interpolation between closest ranks (Hyndman–Fan type 7, NumPy's default, Excel's
 * PERCENTILE.INC): position h = p·(n − 1), result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 *
 * This is what Sentry's Discover returns: `p95(transaction.duration)` becomes ClickHouse's
 * `quantile(0.95)`, whose reservoir sampler is exact below 8,192 values and interpolates exactly this way
 * (`quantileInterpolated`: index = level · (size − 1), linear between neighbours).
 */
export function percentile(sortedValues: ArrayLike<number>, p: number): number | null {
  const n = sortedValues.length;
  if (n === 0 || !Number.isFinite(p)) return null;
  const h = Math.min(1, Math.max(0, p)) * (n - 1);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sortedValues[lo]!;
  const b = sortedValues[hi]!;
  return a + (h - lo) * (b - a);
}

/** Several percentiles of unsorted values (sorts a copy once). Non-finite values are ignored. */
export function percentiles(values: Iterable<number>, ps: readonly number[]): Array<number | null> {
  const sorted = Float64Array.from([...values].filter((v) => Number.isFinite(v))).sort();
  return ps.map((p) => percentile(sorted, p));
}

/**
 * Statuses that do not count as failures in Sentry's `failure_rate()`. `unknown_error` is the legacy
 * spelling of `unknown` (Relay parses both to the same status), so it is not a failure either.
 */
const NOT_FAILURE = new Set(['ok', 'cancelled', 'unknown', 'unknown_error']);

/** Whether a `contexts.trace.status` counts as a failure (missing status reads as `unknown`). */
export function isFailureStatus(status: string | null | undefined): boolean {
  return !NOT_FAILURE.has(status ?? 'unknown');
}

/** Sentry's failure rate: failed / total, a failure being any status but ok, cancelled, unknown. Null when empty. */
export function failureRate(statuses: Iterable<string | null | undefined>): number | null {
  let total = 0;
  let failed = 0;
  for (const status of statuses) {
    total++;
    if (isFailureStatus(status)) failed++;
  }
  return total === 0 ? null : failed / total;
}

/** Apdex bucket of one duration for threshold T: satisfied d ≤ T, tolerating T < d ≤ 4T, frustrated d > 4T. */
export function apdexBucket(durationMs: number, t: number): 'satisfied' | 'tolerating' | 'frustrated' {
  if (durationMs <= t) return 'satisfied';
  return durationMs <= 4 * t ? 'tolerating' : 'frustrated';
}

/** Apdex(T) = (satisfied + tolerating / 2) / total (default T = 300 ms, Sentry's project default). Null when empty. */
export function apdex(durations: Iterable<number>, t = 300): number | null {
  let total = 0;
  let score = 0;
  for (const d of durations) {
    total++;
    const bucket = apdexBucket(d, t);
    if (bucket === 'satisfied') score += 1;
    else if (bucket === 'tolerating') score += 0.5;
  }
  return total === 0 ? null : score / total;
}

/** Sentry's user-misery prior (`MISERY_ALPHA`, `MISERY_BETA` in `sentry.search.events.constants`). */
export const MISERY_ALPHA = 5.8875;
/** See {@link MISERY_ALPHA}. */
export const MISERY_BETA = 111.8625;

/**
 * User misery from counts: (miserable + α) / (unique + α + β). The Bayesian prior keeps a single unhappy
 * user from reading as 100 % misery; with no users at all it is α / (α + β) = 0.05.
 */
export function userMiseryFromCounts(miserableUsers: number, uniqueUsers: number): number {
  return (miserableUsers + MISERY_ALPHA) / (uniqueUsers + MISERY_ALPHA + MISERY_BETA);
}

/**
 * User misery(T): a user is miserable when at least one of their durations is above 4T. Input: each
 * user's durations, keyed by user (events without a user are not counted, like Sentry's
 * `count_unique(user)`).
 */
export function userMisery(
  perUserDurations: ReadonlyMap<string, Iterable<number>> | Readonly<Record<string, Iterable<number>>>,
  t = 300,
): number {
  const entries =
    perUserDurations instanceof Map ? [...perUserDurations.values()] : Object.values(perUserDurations);
  let miserable = 0;
  for (const durations of entries) {
    for (const d of durations) {
      if (d > 4 * t) {
        miserable++;
        break;
      }
    }
  }
  return userMiseryFromCounts(miserable, entries.length);
}

/** Throughput in transactions per minute over a window (per chart bucket for series). 0 for an empty window. */
export function tpm(count: number, windowMinutes: number): number {
  return windowMinutes > 0 && Number.isFinite(windowMinutes) ? count / windowMinutes : 0;
}

/** A time interval in milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

/** Total length covered by intervals, overlaps counted once. Inverted or non-finite intervals are ignored. */
export function unionLength(intervals: Iterable<Interval>): number {
  const list = [...intervals]
    .filter((i) => Number.isFinite(i.start) && Number.isFinite(i.end) && i.end > i.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const { start, end } of list) {
    if (start > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = start;
      curEnd = end;
    } else if (end > curEnd) {
      curEnd = end;
    }
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

/** The op prefixes of Sentry's default span-op breakdown (`breakdownsV2.span_ops.matches`). */
export const BREAKDOWN_OPS = ['http', 'db', 'browser', 'resource', 'ui'] as const;

/** Breakdown key, e.g. `ops.http`. */
export type BreakdownKey = `ops.${(typeof BREAKDOWN_OPS)[number]}`;

/**
 * Span-op breakdown in ms. A key is present only when at least one span matched it (Sentry shows a
 * missing key as null, which averages differently from 0).
 */
export type SpanOpBreakdown = Partial<Record<BreakdownKey, number>>;

/** The span fields {@link opBreakdown} reads: op and Unix-ms times. */
export interface TimedOp {
  op: string | null;
  startTimestamp: number;
  endTimestamp: number;
}

/**
 * Relay's span-op breakdown: for each prefix, the time covered by spans whose `op` starts with it
 * (`http` matches `http.client`), overlapping spans counted once. Pass only the spans of one transaction,
 * without its root span (the root would cover everything).
 */
export function opBreakdown(spans: Iterable<TimedOp>): SpanOpBreakdown {
  const byKey = new Map<BreakdownKey, Interval[]>();
  for (const span of spans) {
    const op = span.op;
    if (!op) continue;
    const prefix = BREAKDOWN_OPS.find((p) => op.startsWith(p));
    if (prefix === undefined) continue;
    const key: BreakdownKey = `ops.${prefix}`;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push({ start: span.startTimestamp, end: span.endTimestamp });
  }
  const out: SpanOpBreakdown = {};
  for (const prefix of BREAKDOWN_OPS) {
    const list = byKey.get(`ops.${prefix}`);
    if (list) out[`ops.${prefix}`] = roundMicros(unionLength(list));
  }
  return out;
}

/**
 * Exclusive time of a span (Relay's `exclusive_time`): its duration minus the time covered by its
 * direct children, each clipped to the parent's interval, overlaps counted once.
 */
export function exclusiveTime(span: Interval, children: Iterable<Interval>): number {
  const clipped: Interval[] = [];
  for (const c of children) {
    const start = Math.max(c.start, span.start);
    const end = Math.min(c.end, span.end);
    if (end > start) clipped.push({ start, end });
  }
  return roundMicros(Math.max(0, span.end - span.start - unionLength(clipped)));
}

/** Rounds milliseconds to whole microseconds, hiding float noise such as `5.905000000000001`. */
export function roundMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
