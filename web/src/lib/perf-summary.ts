// The transaction summary table: which Discover fields it asks for and how each column reads its row.
// Apdex and user misery are asked without a threshold, so the server judges each transaction by its own
// (its override, else its project's, else 300 ms) and says which in `project_threshold_config`.

import { cellNumber, formatDuration, formatPercent, formatRate, formatScore } from './perf-format';
import type { DiscoverValue } from './perf-types';

type Row = Record<string, DiscoverValue>;

/** A numeric column of the summary; `id` is its Discover field, which is also its sort key. */
export interface SummaryColumn {
  id: string;
  label: string;
  title: string;
  value: (row: Row) => number | null;
  format: (value: number | null) => string;
  /** Whether the row's threshold explains the value (shown as the cell's title). */
  judged?: boolean;
}

const plain = (field: string) => (row: Row) => cellNumber(row[field]);

export const SUMMARY_COLUMNS: SummaryColumn[] = [
  { id: 'tpm()', label: 'TPM', title: 'Transactions per minute', value: plain('tpm()'), format: formatRate },
  { id: 'p50()', label: 'P50', title: 'Median duration', value: plain('p50()'), format: formatDuration },
  {
    id: 'p75()',
    label: 'P75',
    title: '75th percentile duration',
    value: plain('p75()'),
    format: formatDuration,
  },
  {
    id: 'p95()',
    label: 'P95',
    title: '95th percentile duration',
    value: plain('p95()'),
    format: formatDuration,
  },
  {
    id: 'p99()',
    label: 'P99',
    title: '99th percentile duration',
    value: plain('p99()'),
    format: formatDuration,
  },
  {
    id: 'failure_rate()',
    label: 'Failure rate',
    title: 'Share of transactions whose status is not ok, cancelled or unknown',
    value: plain('failure_rate()'),
    format: formatPercent,
  },
  {
    id: 'apdex()',
    label: 'Apdex',
    title: 'Satisfied (≤ T) plus half the tolerating (≤ 4T), over all',
    value: plain('apdex()'),
    format: formatScore,
    judged: true,
  },
  {
    id: 'user_misery()',
    label: 'User misery',
    title: 'Share of users with a transaction slower than 4T, smoothed for few users',
    value: plain('user_misery()'),
    format: formatScore,
    judged: true,
  },
  {
    id: 'count()',
    label: 'Count',
    title: 'Transactions in the period',
    value: plain('count()'),
    format: String,
  },
];

/**
 * The numbers the summary shows for each transaction, also read for one transaction on its own page.
 * Apdex and misery without a threshold: the server judges by the transaction's own (its override,
 * else its project's) and names it in `project_threshold_config` (when one project is chosen).
 */
export const SUMMARY_NUMBER_FIELDS: readonly string[] = [
  'count()',
  'tpm()',
  'p50()',
  'p75()',
  'p95()',
  'p99()',
  'failure_rate()',
  'count_unique(user)',
  'apdex()',
  'user_misery()',
  'project_threshold_config',
];

/** The Discover fields of the summary: the grouping columns, then the numbers. */
export const SUMMARY_FIELDS: readonly string[] = [
  'transaction',
  'project',
  'project.id',
  ...SUMMARY_NUMBER_FIELDS,
];

/**
 * The server sort for the page's `sort`: the field itself. Links made before thresholds could differ
 * per transaction sorted by `apdex` / `user_misery`; they name the same columns.
 */
export function serverSort(sort: string): string {
  return sort.replace(/^(-?)(apdex|user_misery)$/, '$1$2()');
}

/** The next sort when a column header is clicked: descending first, then ascending. */
export function nextSort(current: string, id: string): string {
  return current === `-${id}` ? id : `-${id}`;
}
