// The transaction summary table: which Discover fields it asks for and how each column reads its row.
// Apdex and user misery depend on each project's threshold T, so the query asks for `apdex(T)` once per
// distinct T among the projects shown, and each row reads the one of its own project.

import { cellNumber, formatDuration, formatPercent, formatRate, formatScore } from './perf-format';
import type { DiscoverValue } from './perf-types';

type Row = Record<string, DiscoverValue>;

/**
 * A numeric column of the summary. `id` is its sort key: the Discover field itself, or `apdex` /
 * `user_misery`, whose field depends on the row's threshold (see {@link serverSort}).
 */
export interface SummaryColumn {
  id: string;
  label: string;
  title: string;
  value: (row: Row, threshold: number) => number | null;
  format: (value: number | null) => string;
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
    id: 'apdex',
    label: 'Apdex',
    title: 'Satisfied (≤ T) plus half the tolerating (≤ 4T), over all',
    value: (row, t) => cellNumber(row[`apdex(${t})`]),
    format: formatScore,
  },
  {
    id: 'user_misery',
    label: 'User misery',
    title: 'Share of users with a transaction slower than 4T, smoothed for few users',
    value: (row, t) => cellNumber(row[`user_misery(${t})`]),
    format: formatScore,
  },
  {
    id: 'count()',
    label: 'Count',
    title: 'Transactions in the period',
    value: plain('count()'),
    format: String,
  },
];

/** The Discover fields of the summary for the thresholds in use. */
export function summaryFields(thresholds: readonly number[]): string[] {
  const ts = [...new Set(thresholds)].sort((a, b) => a - b);
  return [
    'transaction',
    'project',
    'project.id',
    'count()',
    'tpm()',
    'p50()',
    'p75()',
    'p95()',
    'p99()',
    'failure_rate()',
    'count_unique(user)',
    ...ts.flatMap((t) => [`apdex(${t})`, `user_misery(${t})`]),
  ];
}

/**
 * The server sort for a column id: the field itself, or for apdex and misery the field of the one
 * threshold in use. With several thresholds no single field orders the rows; null asks the caller to
 * sort the page it got by each row's own value instead.
 */
export function serverSort(sort: string, thresholds: readonly number[]): string | null {
  const desc = sort.startsWith('-');
  const id = desc ? sort.slice(1) : sort;
  if (id !== 'apdex' && id !== 'user_misery') return sort;
  const ts = new Set(thresholds);
  if (ts.size !== 1) return null;
  return `${desc ? '-' : ''}${id}(${[...ts][0]})`;
}

/** Sorts rows by a column's per-row value, nulls last (for {@link serverSort}'s null case). */
export function sortByColumn(rows: Row[], sort: string, thresholdOf: (row: Row) => number): Row[] {
  const desc = sort.startsWith('-');
  const column = SUMMARY_COLUMNS.find((c) => c.id === (desc ? sort.slice(1) : sort));
  if (!column) return rows;
  const value = (row: Row) => column.value(row, thresholdOf(row));
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return desc ? y - x : x - y;
  });
}

/** The next sort when a column header is clicked: descending first, then ascending. */
export function nextSort(current: string, id: string): string {
  return current === `-${id}` ? id : `-${id}`;
}
