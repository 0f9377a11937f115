import { LogHistogram } from '../../perf/histogram.js';
import { isFailureStatus, percentile, tpm, userMiseryFromCounts } from '../../perf/math.js';
import { fixedRule, judgedValue, type ThresholdRule } from '../../perf/thresholds.js';
import type { TransactionRollupRow, TransactionRow } from '../../storage/performance-types.js';
import type { Field } from './fields.js';

const QUANTILES: Record<string, number> = { p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99, p100: 1 };

/** A group's values as one source (raw rows or roll-ups) can answer them. */
export interface GroupSource {
  count: number;
  failures: number;
  sumDurationMs: number;
  /** Value at quantile q (0–1) of durations, or of a measurement. */
  quantile(q: number, measurement: string | null): number | null;
  min(measurement: string | null): number | null;
  avg(measurement: string | null): number | null;
  /**
   * Transactions whose judged value (duration, or LCP under an LCP threshold) is at most `factor`
   * times their own threshold under `rule`. One without the value judged is never within.
   */
  countWithin(rule: ThresholdRule, factor: number): number;
  users: number;
  /** Users with at least one transaction whose judged value is above 4T of its own threshold. */
  miserableUsers(rule: ThresholdRule): number;
}

/**
 * Computes one aggregate for a group over a window of `windowMinutes`, as Sentry defines it. `apdex()`
 * and `user_misery()` without a threshold judge each transaction by `configured` (its override, its
 * project's threshold or the default); with one, by that many ms of duration.
 */
export function aggregateValue(
  f: Extract<Field, { kind: 'aggregate' }>,
  g: GroupSource,
  windowMinutes: number,
  configured: ThresholdRule,
): number | null {
  const rule = f.param !== null ? fixedRule(f.param) : configured;
  switch (f.fn) {
    case 'count':
      return g.count;
    case 'count_unique_user':
      return g.users;
    case 'tpm':
    case 'epm':
      return tpm(g.count, windowMinutes);
    case 'failure_rate':
      return g.count === 0 ? null : g.failures / g.count;
    case 'apdex': {
      if (g.count === 0) return null;
      // Sentry divides by every transaction: one an LCP threshold cannot judge counts as frustrated.
      const satisfied = g.countWithin(rule, 1);
      const tolerating = g.countWithin(rule, 4) - satisfied;
      return (satisfied + tolerating / 2) / g.count;
    }
    case 'user_misery':
      return userMiseryFromCounts(g.miserableUsers(rule), g.users);
    case 'avg':
      return g.avg(f.measurement);
    case 'min':
      return g.min(f.measurement);
    case 'max':
      return g.quantile(1, f.measurement);
    default:
      return g.quantile(QUANTILES[f.fn] ?? 0.5, f.measurement);
  }
}

/** Exact answers from raw rows (small windows). */
export function sourceFromRows(rows: TransactionRow[]): GroupSource {
  const durations = rows.map((r) => r.durationMs).sort((a, b) => a - b);
  const measured = new Map<string, number[]>();
  const valuesOf = (m: string | null): number[] => {
    if (m === null) return durations;
    let values = measured.get(m);
    if (!values) {
      values = rows
        .flatMap((r) => (r.measurements[m] ? [r.measurements[m].value] : []))
        .sort((a, b) => a - b);
      measured.set(m, values);
    }
    return values;
  };
  const judged = (r: TransactionRow, rule: ThresholdRule): { value: number | null; ms: number } => {
    const t = rule.of(r.projectId, r.name);
    return { value: judgedValue(t.metric, r.durationMs, r.measurements), ms: t.ms };
  };
  return {
    count: rows.length,
    failures: rows.filter((r) => isFailureStatus(r.status)).length,
    sumDurationMs: durations.reduce((a, b) => a + b, 0),
    quantile: (q, m) => percentile(valuesOf(m), q),
    min: (m) => valuesOf(m)[0] ?? null,
    avg: (m) => {
      const v = valuesOf(m);
      return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
    },
    countWithin: (rule, factor) =>
      rows.filter((r) => {
        const { value, ms } = judged(r, rule);
        return value !== null && value <= factor * ms;
      }).length,
    users: new Set(rows.flatMap((r) => (r.userKey === null ? [] : [r.userKey]))).size,
    miserableUsers: (rule) => {
      const miserable = new Set<string>();
      for (const r of rows) {
        if (r.userKey === null || miserable.has(r.userKey)) continue;
        const { value, ms } = judged(r, rule);
        if (value !== null && value > 4 * ms) miserable.add(r.userKey);
      }
      return miserable.size;
    },
  };
}

/**
 * Approximate answers from hourly roll-ups (large windows): counts and failure rates are exact,
 * percentiles and apdex within the histograms' 1 % relative accuracy, user counts exact. Histograms
 * are kept per (project, transaction) too, since each may have its own threshold; counting within a
 * limit adds up over histograms, so the LCP ones of a transaction are only counted, never merged.
 */
export function sourceFromRollups(
  rollups: TransactionRollupRow[],
  users: { users: number; miserable: (rule: ThresholdRule) => number },
): GroupSource {
  const durations = new LogHistogram();
  const perPair = new Map<
    string,
    { projectId: number; name: string; durations: LogHistogram; lcp: LogHistogram[] }
  >();
  const vitals = new Map<string, LogHistogram>();
  let count = 0;
  let failures = 0;
  let sum = 0;
  for (const r of rollups) {
    count += r.count;
    failures += r.failures;
    sum += r.sumDurationMs;
    const h = LogHistogram.fromJSON(r.durations as never);
    durations.merge(h);
    const key = `${r.projectId}\u0000${r.name}`;
    let pair = perPair.get(key);
    if (pair) pair.durations.merge(h);
    else perPair.set(key, (pair = { projectId: r.projectId, name: r.name, durations: h, lcp: [] }));
    for (const [name, json] of Object.entries(r.vitals)) {
      const v = LogHistogram.fromJSON(json as never);
      if (name === 'lcp') pair.lcp.push(v);
      const into = vitals.get(name) ?? new LogHistogram();
      into.merge(v);
      vitals.set(name, into);
    }
  }
  const of = (m: string | null): LogHistogram | undefined => (m === null ? durations : vitals.get(m));
  return {
    count,
    failures,
    sumDurationMs: sum,
    quantile: (q, m) => of(m)?.percentile(q) ?? null,
    min: (m) => of(m)?.min ?? null,
    avg: (m) => {
      const h = of(m);
      return h && h.count > 0 ? h.sum / h.count : null;
    },
    countWithin: (rule, factor) => {
      const { fallback, projects, transactions } = rule.table;
      // One duration threshold for everything: the merged histogram answers at once.
      if (projects.length === 0 && transactions.length === 0 && fallback.metric === 'duration')
        return durations.countAtMost(factor * fallback.ms);
      let n = 0;
      for (const pair of perPair.values()) {
        const t = rule.of(pair.projectId, pair.name);
        if (t.metric === 'duration') n += pair.durations.countAtMost(factor * t.ms);
        else for (const h of pair.lcp) n += h.countAtMost(factor * t.ms);
      }
      return n;
    },
    users: users.users,
    miserableUsers: users.miserable,
  };
}
