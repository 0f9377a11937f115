// The JSON shapes of the performance routes (Discover's `events`, `events-stats` and `events-trace`, and a
// transaction read through the event route). Values that came from an SDK are typed loosely.

/**
 * A Discover cell: numbers for aggregates and durations, strings for names, null when there is none,
 * and `[metric, ms]` for `project_threshold_config`.
 */
export type DiscoverValue = string | number | null | [string, number];

/** `GET /organizations/{org}/events/`: one object per row, keyed by the field strings asked for. */
export interface DiscoverResult {
  data: Array<Record<string, DiscoverValue>>;
  meta: { fields: Record<string, string>; units?: Record<string, string | null> };
}

/** One `events-stats` series: [unix seconds, [{count}]] per bucket, oldest first. */
export interface StatsResult {
  data: Array<[number, Array<{ count: number | null }>]>;
}

/** `events-stats` with several `yAxis`: one series per field string. */
export type MultiStatsResult = Record<string, StatsResult>;

/** An error event placed in a trace. */
export interface TraceError {
  event_id: string;
  issue_id: number;
  project_id: number;
  project_slug: string;
  /** The span it happened in (`contexts.trace.span_id`). */
  span: string | null;
  title: string;
  level: string;
  timestamp: number;
}

/** One transaction of a trace, with its errors and the transactions it called. */
export interface TraceTransaction {
  event_id: string;
  project_id: number;
  project_slug: string;
  transaction: string;
  'transaction.op': string;
  'transaction.duration': number;
  'transaction.status': string;
  span_id: string;
  parent_span_id: string | null;
  parent_event_id: string | null;
  /** Unix seconds. */
  start_timestamp: number;
  timestamp: number;
  generation: number;
  errors: TraceError[];
  children: TraceTransaction[];
}

/** `GET /organizations/{org}/events-trace/{traceId}/`. */
export interface TraceResult {
  transactions: TraceTransaction[];
  orphan_errors: TraceError[];
}

/** A span as the transaction event lists it (times in Unix seconds). */
export interface SpanData {
  span_id: string;
  parent_span_id: string | null;
  op: string | null;
  description: string | null;
  status: string | null;
  start_timestamp: number;
  timestamp: number;
  exclusive_time: number | null;
  data: Record<string, unknown> | null;
}

/** A transaction read through `GET /projects/{org}/{project}/events/{eventId}/`. */
export interface TransactionEvent {
  eventID: string;
  projectID: string;
  type: string;
  transaction: string;
  /** Unix seconds. */
  startTimestamp: number;
  endTimestamp: number;
  dateCreated: string;
  release?: string | { version: string } | null;
  environment?: string | null;
  platform?: string;
  tags: Array<{ key: string; value: string }>;
  user: Record<string, unknown> | null;
  contexts: Record<string, unknown>;
  sdk: Record<string, unknown> | null;
  context?: Record<string, unknown>;
  measurements?: Record<string, { value: number; unit?: string }>;
  breakdowns?: { span_ops?: Record<string, { value: number }> };
  entries: Array<{ type: string; data: unknown }>;
}
