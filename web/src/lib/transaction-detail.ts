// The Discover reads of one transaction's page (`/performance/summary/?transaction=…`): its numbers,
// its series, the latest raw rows (for the histogram, the typical sample and the list) and the slowest.

import { cellNumber, formatDuration, formatPercent, formatRate, formatScore } from './perf-format';
import { discoverFilter, discoverQuery, statsInterval, type PerfParams } from './perf-params';
import { useDiscover, useEventsStats } from './perf-queries';
import { SUMMARY_NUMBER_FIELDS } from './perf-summary';
import type { DiscoverValue, MultiStatsResult } from './perf-types';
import { thresholdFromCell, thresholdTitle } from './transaction-threshold';

type Row = Record<string, DiscoverValue>;

/** Raw fields of a sample transaction. */
export const SAMPLE_FIELDS = [
  'id',
  'project',
  'transaction.duration',
  'transaction.status',
  'transaction.op',
  'timestamp',
  'trace',
  'release',
  'environment',
  'user.display',
];

/** The route's page limit: the histogram and the typical sample come from this many latest rows. */
export const RECENT_LIMIT = 100;

/** The reads of a transaction's page. */
export function useTransactionDetail(org: string, params: PerfParams, transaction: string) {
  const scope = { transaction };
  const numbers = useDiscover(org, discoverQuery(params, scope, SUMMARY_NUMBER_FIELDS, { perPage: 1 }));
  const stats = discoverFilter(params, scope);
  for (const y of ['p50()', 'p95()', 'count()']) stats.append('yAxis', y);
  stats.set('interval', statsInterval(params.statsPeriod));
  const series = useEventsStats(org, stats.toString());
  const recent = useDiscover(org, discoverQuery(params, scope, SAMPLE_FIELDS, { perPage: RECENT_LIMIT }));
  const slowest = useDiscover(
    org,
    discoverQuery(params, scope, SAMPLE_FIELDS, { sort: '-transaction.duration', perPage: 1 }),
  );
  return { numbers, series, recent, slowest };
}

/** The headline numbers of a transaction, formatted, in Sentry's order. */
export function headlineNumbers(
  row: Row | undefined,
): Array<{ label: string; value: string; title?: string }> {
  const n = (field: string) => cellNumber(row?.[field]);
  const t = thresholdTitle(thresholdFromCell(row?.project_threshold_config));
  return [
    { label: 'Count', value: String(n('count()') ?? 0) },
    { label: 'TPM', value: formatRate(n('tpm()')), title: 'Transactions per minute' },
    { label: 'P50', value: formatDuration(n('p50()')) },
    { label: 'P75', value: formatDuration(n('p75()')) },
    { label: 'P95', value: formatDuration(n('p95()')) },
    { label: 'P99', value: formatDuration(n('p99()')) },
    { label: 'Failure rate', value: formatPercent(n('failure_rate()')) },
    { label: 'Apdex', value: formatScore(n('apdex()')), ...(t ? { title: t } : {}) },
    { label: 'User misery', value: formatScore(n('user_misery()')), ...(t ? { title: t } : {}) },
    { label: 'Users', value: String(n('count_unique(user)') ?? 0) },
  ];
}

/** Bucket times and the values of one field from a multi-axis `events-stats` answer. */
export function seriesOf(
  stats: MultiStatsResult | undefined,
  field: string,
): { times: number[]; values: Array<number | null> } {
  const data = stats?.[field]?.data ?? [];
  return { times: data.map(([t]) => t), values: data.map(([, v]) => cellNumber(v[0]?.count)) };
}

/**
 * The p50 and p95 lines of the duration chart. The server answers 0 for a bucket with no transactions;
 * those become gaps (null), since no transaction did not take zero milliseconds.
 */
export function durationLines(stats: MultiStatsResult | undefined): {
  times: number[];
  p50: Array<number | null>;
  p95: Array<number | null>;
  counts: Array<[number, number]>;
} {
  const count = seriesOf(stats, 'count()');
  const empty = (i: number) => !count.values[i];
  return {
    times: count.times,
    p50: seriesOf(stats, 'p50()').values.map((v, i) => (empty(i) ? null : v)),
    p95: seriesOf(stats, 'p95()').values.map((v, i) => (empty(i) ? null : v)),
    counts: count.times.map((t, i) => [t, count.values[i] ?? 0]),
  };
}
