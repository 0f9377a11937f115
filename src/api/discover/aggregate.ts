import { LogHistogram } from '../../perf/histogram.js';
import { isFailureStatus, percentile, tpm, userMiseryFromCounts } from '../../perf/math.js';
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
  /** Transactions no longer than `msOf(their project)`. */
  countAtMost(msOf: (projectId: number) => number): number;
  users: number;
  /** Users with at least one transaction longer than `msOf(its project)`. */
  usersSlowerThan(msOf: (projectId: number) => number): number;
}

/** Apdex threshold T (ms) per project. */
export type ThresholdOf = (projectId: number) => number;

/**
 * Computes one aggregate for a group over a window of `windowMinutes`, as Sentry defines it. `apdex()`
 * and `user_misery()` without a threshold judge each transaction by its own project's T.
 */
export function aggregateValue(
  f: Extract<Field, { kind: 'aggregate' }>,
  g: GroupSource,
  windowMinutes: number,
  thresholdOf: ThresholdOf | number,
): number | null {
  const param = f.param;
  const t: ThresholdOf =
    param !== null ? () => param : typeof thresholdOf === 'number' ? () => thresholdOf : thresholdOf;
  const times =
    (k: number): ThresholdOf =>
    (projectId) =>
      k * t(projectId);
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
      const satisfied = g.countAtMost(t);
      const tolerating = g.countAtMost(times(4)) - satisfied;
      return (satisfied + tolerating / 2) / g.count;
    }
    case 'user_misery':
      return userMiseryFromCounts(g.usersSlowerThan(times(4)), g.users);
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
  // Each user's slowest transaction per project (projects may have different thresholds).
  const maxPerUser = new Map<string, Map<number, number>>();
  for (const r of rows) {
    if (r.userKey === null) continue;
    const perProject = maxPerUser.get(r.userKey) ?? new Map<number, number>();
    perProject.set(r.projectId, Math.max(perProject.get(r.projectId) ?? 0, r.durationMs));
    maxPerUser.set(r.userKey, perProject);
  }
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
    countAtMost: (msOf) => rows.filter((r) => r.durationMs <= msOf(r.projectId)).length,
    users: maxPerUser.size,
    usersSlowerThan: (msOf) =>
      [...maxPerUser.values()].filter((perProject) =>
        [...perProject].some(([projectId, max]) => max > msOf(projectId)),
      ).length,
  };
}

/**
 * Approximate answers from hourly roll-ups (large windows): counts and failure rates are exact,
 * percentiles and apdex within the histograms' 1 % relative accuracy, user counts exact.
 */
export function sourceFromRollups(
  rollups: TransactionRollupRow[],
  users: { users: number; slowUsers: (msOf: ThresholdOf) => number },
): GroupSource {
  const durations = new LogHistogram();
  // Per project too, for thresholds that differ between projects.
  const perProject = new Map<number, LogHistogram>();
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
    const own = perProject.get(r.projectId);
    if (own) own.merge(h);
    else perProject.set(r.projectId, h);
    for (const [name, json] of Object.entries(r.vitals)) {
      const h = vitals.get(name) ?? new LogHistogram();
      h.merge(LogHistogram.fromJSON(json as never));
      vitals.set(name, h);
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
    countAtMost: (msOf) => {
      let n = 0;
      for (const [projectId, h] of perProject) n += h.countAtMost(msOf(projectId));
      return n;
    },
    users: users.users,
    usersSlowerThan: users.slowUsers,
  };
}
