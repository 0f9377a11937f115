/**
 * Performance rows shared by both adapters: the filter every performance query applies (written once,
 * for either placeholder style), and the mappers from stored rows (spans: span-chunk.ts).
 */
import type { Measurement } from '../digest/performance/types.js';
import type { Threshold, ThresholdTable } from '../perf/thresholds.js';
import { isObject, type JsonObject, type JsonValue } from '../protocol/json.js';
import { hourOf, unpackEventBody } from './event-body.js';
import type {
  SpanRow,
  StoredTransaction,
  TransactionFilter,
  TransactionRow,
  WindowOptions,
} from './performance-types.js';
import { splitWindow } from './perf-window.js';
import type { Row } from './rows.js';

/** Kinds a query covers when its filter names none: interactions (INP) only when asked for. */
export const DEFAULT_KINDS: ReadonlyArray<'transaction' | 'segment' | 'interaction'> = [
  'transaction',
  'segment',
];

/** Positional parameters for one statement, in either adapter's placeholder style. */
export interface Params {
  readonly args: unknown[];
  /** Appends a value; returns its placeholder. */
  arg(value: unknown): string;
  /** `column` is one of `values` (an empty list matches nothing). */
  oneOf(column: string, values: readonly unknown[], pgType: 'int' | 'text'): string;
}

/** `?` placeholders, lists spelled out (SQLite). */
export function sqliteParams(): Params {
  const args: unknown[] = [];
  return {
    args,
    arg: (v) => (args.push(v), '?'),
    oneOf: (column, values) => {
      args.push(...values);
      return `${column} IN (${values.map(() => '?').join(',')})`;
    },
  };
}

/** `$n` placeholders, lists as one array parameter (PostgreSQL). */
export function pgParams(): Params {
  const args: unknown[] = [];
  const arg = (v: unknown): string => (args.push(v), `$${args.length}`);
  return {
    args,
    arg,
    oneOf: (column, values, pgType) => `${column} = ANY(${arg(values)}::${pgType}[])`,
  };
}

/**
 * The WHERE clause of a performance query. `rows` filters transactions by start time; `hours` filters
 * roll-up rows by the hours overlapping [since, until) (their environment and release are '' for none,
 * which no filter value names, just as no filter value matches a NULL column).
 */
export function transactionWhere(f: TransactionFilter, p: Params, mode: 'rows' | 'hours'): string {
  const where = [p.oneOf('project_id', f.projectIds, 'int')];
  if (mode === 'rows') where.push(`start_ts >= ${p.arg(f.since)}`, `start_ts < ${p.arg(f.until)}`);
  else where.push(`hour >= ${p.arg(hourOf(f.since))}`, `hour < ${p.arg(f.until)}`);
  return dimensionWhere(f, p, where);
}

/**
 * The WHERE clause of a roll-up query over the slices whose `column` (their start) is in [from, to):
 * hourly or day roll-ups, for windows split by {@link splitWindow}.
 */
export function sliceWhere(
  f: TransactionFilter,
  p: Params,
  column: 'hour' | 'day',
  from: number,
  to: number,
): string {
  const where = [p.oneOf('project_id', f.projectIds, 'int')];
  where.push(`${column} >= ${p.arg(from)}`, `${column} < ${p.arg(to)}`);
  return dimensionWhere(f, p, where);
}

/**
 * The roll-up rows of a window, as one statement: every hour it touches, or with `days` its whole days
 * from the day rows (standing in for their day, keyed by its start like an hour) and its partial first
 * and last days from the hourly ones.
 */
export function rollupsSql(f: TransactionFilter, p: Params, opts: WindowOptions): string {
  const { hours, days } = opts.days ? splitWindow(f.since, f.until) : { hours: [], days: null };
  if (!days) return `SELECT * FROM transaction_rollups WHERE ${transactionWhere(f, p, 'hours')}`;
  const columns = 'project_id, name, count, failures, sum_duration_ms, durations, vitals';
  return [
    `SELECT ${columns}, day AS hour FROM transaction_rollups_day WHERE ${sliceWhere(f, p, 'day', ...days)}`,
    ...hours.map(
      ([a, b]) => `SELECT ${columns}, hour FROM transaction_rollups WHERE ${sliceWhere(f, p, 'hour', a, b)}`,
    ),
  ].join(' UNION ALL ');
}

/**
 * The `transaction_users` rows of a window, as a FROM source: with `days`, the window's whole days
 * from the day rows and its partial first and last days from the hourly ones. A user's day row holds
 * the largest of their hourly maxima, so it is slower than a limit on any hour of the day exactly when
 * the day row is: distinct and miserable users come out the same from either grain.
 */
export function usersSource(f: TransactionFilter, p: Params, opts: WindowOptions): string {
  const { hours, days } = opts.days ? splitWindow(f.since, f.until) : { hours: [], days: null };
  if (!days) return `transaction_users WHERE ${transactionWhere(f, p, 'hours')}`;
  const columns = 'project_id, name, user_key, max_duration_ms, max_lcp_ms';
  const parts = [
    `SELECT ${columns} FROM transaction_users_day WHERE ${sliceWhere(f, p, 'day', ...days)}`,
    ...hours.map(
      ([a, b]) => `SELECT ${columns} FROM transaction_users WHERE ${sliceWhere(f, p, 'hour', a, b)}`,
    ),
  ];
  return `(${parts.join(' UNION ALL ')}) AS u`;
}

function dimensionWhere(f: TransactionFilter, p: Params, where: string[]): string {
  if (f.names) where.push(p.oneOf('name', f.names, 'text'));
  if (f.environments) where.push(p.oneOf('environment', f.environments, 'text'));
  if (f.releases) where.push(p.oneOf('release', f.releases, 'text'));
  if (f.ops) where.push(p.oneOf('op', f.ops, 'text'));
  where.push(p.oneOf('kind', f.kinds ?? DEFAULT_KINDS, 'text'));
  return where.join(' AND ');
}

/**
 * The condition "this `transaction_users` row's user was slower than the limit": its largest duration
 * (or LCP, for an LCP limit) above the limit of its transaction, else of its project, else the
 * fallback. A NULL LCP is above nothing. Overrides of one project that share a limit are one `IN`
 * test, so a row costs a few comparisons however many transactions have their own threshold; with no
 * per-project or per-transaction limits it is the plain comparison.
 */
export function slowerThanSql(slower: number | ThresholdTable, p: Params): string {
  const table: ThresholdTable =
    typeof slower === 'number'
      ? { fallback: { ms: slower, metric: 'duration' }, projects: [], transactions: [] }
      : slower;
  const same = (a: Threshold, b: Threshold) => a.ms === b.ms && a.metric === b.metric;
  const above = (t: Threshold) => `${t.metric === 'lcp' ? 'max_lcp_ms' : 'max_duration_ms'} > ${p.arg(t.ms)}`;
  const groups = new Map<string, { projectId: number; threshold: Threshold; names: string[] }>();
  for (const t of table.transactions) {
    const key = JSON.stringify([t.projectId, t.threshold.ms, t.threshold.metric]);
    const group = groups.get(key);
    if (group) group.names.push(t.name);
    else groups.set(key, { projectId: t.projectId, threshold: t.threshold, names: [t.name] });
  }
  const whens: string[] = [];
  // Placeholders bind in the order they appear, so each WHEN is built left to right.
  for (const g of groups.values()) {
    const project = p.arg(g.projectId);
    const names = p.oneOf('name', g.names, 'text');
    whens.push(`WHEN project_id = ${project} AND ${names} THEN ${above(g.threshold)}`);
  }
  for (const { projectId, threshold } of table.projects) {
    if (same(threshold, table.fallback)) continue;
    const project = p.arg(projectId);
    whens.push(`WHEN project_id = ${project} THEN ${above(threshold)}`);
  }
  if (whens.length === 0) return above(table.fallback);
  return `CASE ${whens.join(' ')} ELSE ${above(table.fallback)} END`;
}

/** ORDER BY of {@link TransactionRow} listings. */
export const ROW_ORDER = {
  newest: 'start_ts DESC, event_id DESC',
  slowest: 'duration_ms DESC, event_id',
  fastest: 'duration_ms ASC, event_id',
} as const;

/** Measurements JSON text, as the `measurements` column holds it. */
export function measurementsText(measurements: Record<string, Measurement>): string {
  return JSON.stringify(measurements);
}

/** Reads the `measurements` column; anything malformed is skipped. */
export function parseMeasurements(value: unknown): Record<string, Measurement> {
  let json: unknown;
  try {
    json = typeof value === 'string' ? JSON.parse(value) : value;
  } catch {
    return {};
  }
  const out: Record<string, Measurement> = {};
  if (!isObject(json)) return out;
  for (const [name, m] of Object.entries(json)) {
    if (isObject(m) && typeof m.value === 'number') {
      out[name] = { value: m.value, unit: typeof m.unit === 'string' ? m.unit : 'none' };
    }
  }
  return out;
}

const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Maps a `transactions` row (no body needed). */
export function toTransactionRow(r: Row): TransactionRow {
  return {
    projectId: Number(r.project_id),
    eventId: String(r.event_id),
    kind: String(r.kind),
    traceId: String(r.trace_id),
    spanId: String(r.span_id),
    parentSpanId: optStr(r.parent_span_id),
    name: String(r.name),
    op: String(r.op),
    status: String(r.status),
    startTimestamp: Number(r.start_ts),
    durationMs: Number(r.duration_ms),
    release: optStr(r.release),
    environment: optStr(r.environment),
    userKey: optStr(r.user_key),
    httpMethod: optStr(r.http_method),
    httpStatusCode: optNum(r.http_status),
    browserName: optStr(r.browser_name),
    replayId: optStr(r.replay_id),
    measurements: parseMeasurements(r.measurements),
    receivedAt: Number(r.received_at),
  };
}

/**
 * Maps a `transactions` row with its body. The columns win over the body where they changed after
 * storing: an interaction renamed after its page load, and web vitals merged in later.
 */
export function toStoredTransaction(r: Row): StoredTransaction {
  const row = toTransactionRow(r);
  const data = unpackEventBody(r.body as Buffer);
  if (data['transaction'] !== row.name) {
    data['transaction'] = row.name;
    const info = isObject(data['transaction_info']) ? (data['transaction_info'] as JsonObject) : {};
    data['transaction_info'] = { ...info, source: String(r.name_source) };
    if (Array.isArray(data['tags'])) {
      data['tags'] = data['tags'].map((t: JsonValue) =>
        Array.isArray(t) && t[0] === 'transaction' ? ['transaction', row.name] : t,
      );
    }
  }
  if (Object.keys(row.measurements).length > 0) {
    const measurements: JsonObject = {};
    for (const [name, m] of Object.entries(row.measurements))
      measurements[name] = { value: m.value, unit: m.unit };
    data['measurements'] = measurements;
  }
  return { ...row, data };
}

/** Maps a row of the per-span table written before span chunks (migration 6 on SQLite, 7 on PostgreSQL). */
export function toSpanRow(r: Row): SpanRow {
  const body = unpackEventBody(r.body as Buffer);
  const tags = Array.isArray(body['tags'])
    ? body['tags'].filter(
        (t): t is [string, string] =>
          Array.isArray(t) && typeof t[0] === 'string' && typeof t[1] === 'string',
      )
    : [];
  return {
    projectId: Number(r.project_id),
    traceId: String(r.trace_id),
    spanId: String(r.span_id),
    parentSpanId: optStr(r.parent_span_id),
    segmentId: String(r.segment_id),
    transactionEventId: String(r.transaction_event_id),
    op: String(r.op),
    description: optStr(r.description),
    status: String(r.status),
    startTimestamp: Number(r.start_ts),
    durationMs: Number(r.duration_ms),
    exclusiveTimeMs: optNum(r.exclusive_ms),
    isSegment: Boolean(r.is_segment),
    data: isObject(body['data']) ? (body['data'] as JsonObject) : {},
    tags,
    origin: typeof body['origin'] === 'string' ? body['origin'] : null,
  };
}

/** The columns of a {@link TransactionRow} (everything but the body). */
export const TRANSACTION_ROW_COLUMNS =
  'project_id, event_id, kind, trace_id, span_id, parent_span_id, name, op, status, start_ts, duration_ms, ' +
  'release, environment, user_key, http_method, http_status, browser_name, replay_id, measurements, received_at';
