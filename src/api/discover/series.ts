import type {
  TransactionFilter,
  TransactionRollupRow,
  TransactionRow,
} from '../../storage/performance-types.js';
import type { Storage } from '../../storage/storage.js';
import { scaledTable, type ThresholdRule } from '../../perf/thresholds.js';
import { aggregateValue, sourceFromRollups, sourceFromRows } from './aggregate.js';
import type { Field } from './fields.js';
import { EXACT_LIMIT } from './summary.js';
import { misery, rulesForUsers, type UserCounts } from './user-counts.js';

const HOUR = 3_600_000;

/**
 * Beyond {@link EXACT_LIMIT}, a series with buckets shorter than an hour is still answered from rows
 * (roll-ups are hourly) up to this many; past it the buckets grow to an hour.
 */
export const SERIES_ROW_LIMIT = 200_000;

type Aggregate = Extract<Field, { kind: 'aggregate' }>;

/** One time series per field: `[bucket start (Unix s), value]`. */
export interface Series {
  /** Bucket size actually used (ms): the asked interval, or an hour when that was too fine for the volume. */
  intervalMs: number;
  /** Start of the first bucket (Unix ms). */
  start: number;
  buckets: Array<{ time: number; values: Record<string, number | null> }>;
}

/**
 * Answers `/events-stats/`: each aggregate per time bucket over the whole filter, with a fixed number of
 * queries whatever the bucket count. The rows (or hourly roll-ups) of the window are read once and put
 * into buckets in memory; distinct users per bucket come from one grouped query per user-misery
 * threshold. Buckets align to multiples of the interval since the epoch, as Sentry's do.
 */
export async function seriesQuery(
  storage: Storage,
  filter: TransactionFilter,
  fields: Aggregate[],
  intervalMs: number,
  configured: ThresholdRule,
  limits: { exact: number; rows: number } = { exact: EXACT_LIMIT, rows: SERIES_ROW_LIMIT },
): Promise<Series> {
  // The roll-ups' count bounds the window's (see aggregateQuery) without reading its rows.
  const rollups = await storage.listTransactionRollups(filter);
  const total = rollups.reduce((n, r) => n + r.count, 0);
  const useRows = total <= limits.exact || (intervalMs % HOUR !== 0 && total <= limits.rows);
  // Hourly roll-ups cannot be split: a finer or uneven interval grows to whole hours.
  const interval = useRows ? intervalMs : Math.max(HOUR, Math.ceil(intervalMs / HOUR) * HOUR);
  const start = filter.since - (filter.since % interval);
  const count = Math.max(1, Math.ceil((filter.until - start) / interval));
  const indexOf = (ms: number): number =>
    Math.min(count - 1, Math.max(0, Math.floor((ms - start) / interval)));
  const windowMinutes = interval / 60_000;
  const values: Array<Record<string, number | null>> = [];

  if (useRows) {
    const perBucket: TransactionRow[][] = Array.from({ length: count }, () => []);
    // Interactions still waiting for their page's name are not rolled up yet: read past the bound.
    for (const row of await storage.listTransactionRows(filter, limits.rows + 1))
      perBucket[indexOf(row.startTimestamp)]!.push(row);
    for (const rows of perBucket) {
      const source = sourceFromRows(rows);
      values.push(valuesOf(fields, (f) => aggregateValue(f, source, windowMinutes, configured)));
    }
  } else {
    const perBucket: TransactionRollupRow[][] = Array.from({ length: count }, () => []);
    for (const r of rollups) perBucket[indexOf(r.hour)]!.push(r);
    const users = await userCounts(storage, filter, rulesForUsers(fields, configured), interval, indexOf);
    perBucket.forEach((rollups, i) => {
      const source = sourceFromRollups(rollups, misery(users.get(i)));
      values.push(valuesOf(fields, (f) => aggregateValue(f, source, windowMinutes, configured)));
    });
  }
  return {
    intervalMs: interval,
    start,
    buckets: values.map((v, i) => ({ time: start + i * interval, values: v })),
  };
}

/** Distinct users per bucket index, and per rule the miserable ones (one storage query per rule). */
async function userCounts(
  storage: Storage,
  filter: TransactionFilter,
  rules: ThresholdRule[],
  interval: number,
  indexOf: (ms: number) => number,
): Promise<Map<number, UserCounts>> {
  const out = new Map<number, UserCounts>();
  for (const [i, rule] of rules.entries()) {
    for (const u of await storage.transactionUserSeries(filter, scaledTable(rule.table, 4), interval)) {
      const index = indexOf(u.bucket);
      const entry = out.get(index) ?? { users: 0, miserable: new Map<string, number>() };
      // Every rule returns the same distinct-user totals; count them once.
      if (i === 0) entry.users += u.users;
      entry.miserable.set(rule.key, (entry.miserable.get(rule.key) ?? 0) + u.slowUsers);
      out.set(index, entry);
    }
  }
  return out;
}

function valuesOf(
  fields: Aggregate[],
  value: (f: Aggregate) => number | null,
): Record<string, number | null> {
  return Object.fromEntries(fields.map((f) => [f.alias, value(f)]));
}
