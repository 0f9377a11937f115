import type { SegmentMeasurement, TransactionForStorage } from '../digest/performance/types.js';
import type { JsonObject } from '../protocol/json.js';
import type { SpanChunk } from './span-chunk.js';

/** What the performance digest writes in one batch (one transaction per adapter call). */
export interface TransactionBatch {
  transactions: TransactionForStorage[];
  /** The spans, packed per transaction (or segment) and item by `packSpanChunks` (span-chunk.ts). */
  spanChunks: SpanChunk[];
  /** Web vitals that arrived after their page load's segment (JS SDK v11 LCP/CLS spans): merged into it. */
  measurements: SegmentMeasurement[];
}

/** What became of a {@link TransactionBatch}. */
export interface SaveTransactionsResult {
  saved: number;
  /** Already stored (same project, event id and receive time): a replayed spool entry. */
  duplicates: number;
  savedPerProject: Map<number, number>;
  spansSaved: number;
  /** Spans stored per project (for the `span` outcome counters). */
  spansSavedPerProject: Map<number, number>;
}

/** The indexed columns of a stored transaction (no body). */
export interface TransactionRow {
  projectId: number;
  eventId: string;
  kind: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  op: string;
  status: string;
  startTimestamp: number;
  durationMs: number;
  release: string | null;
  environment: string | null;
  userKey: string | null;
  httpMethod: string | null;
  httpStatusCode: number | null;
  browserName: string | null;
  replayId: string | null;
  measurements: Record<string, { value: number; unit: string }>;
  receivedAt: number;
}

/** A stored transaction with its body (the Sentry-style transaction event). */
export interface StoredTransaction extends TransactionRow {
  data: JsonObject;
}

/** A stored span. */
export interface SpanRow {
  projectId: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  segmentId: string;
  transactionEventId: string;
  op: string;
  description: string | null;
  status: string;
  startTimestamp: number;
  durationMs: number;
  exclusiveTimeMs: number | null;
  isSegment: boolean;
  data: JsonObject;
  /** The span's tags (transaction items and legacy spans; empty for v2 spans). Always set by storage. */
  tags?: Array<[string, string]>;
  /** `origin` / `sentry.origin` (`manual`, `auto.http.node_fetch`, …). Always set by storage. */
  origin?: string | null;
}

/** Filters shared by the performance queries. */
export interface TransactionFilter {
  projectIds: number[];
  /** Unix ms, inclusive. */
  since: number;
  /** Unix ms, exclusive. */
  until: number;
  names?: string[] | undefined;
  environments?: string[] | undefined;
  releases?: string[] | undefined;
  ops?: string[] | undefined;
  /** Only `transaction` and `segment` kinds by default; interactions (INP) only when asked for. */
  kinds?: Array<'transaction' | 'segment' | 'interaction'> | undefined;
}

/**
 * How a roll-up read may serve its window. `days`: for totals over the window only. The whole UTC days
 * inside it may come from the day roll-ups, and roll-ups come back as one row per (project, name) for
 * the whole window (`hour` holding its first hour), so nothing can be bucketed by the hour.
 */
export interface WindowOptions {
  days?: boolean;
}

/**
 * Hourly roll-up of one (project, name, environment, release, hour): exact counts, and log-scale
 * histograms (src/perf/histogram.ts, JSON) of durations and of each web vital for percentiles at scale.
 */
export interface TransactionRollupRow {
  projectId: number;
  name: string;
  hour: number;
  count: number;
  failures: number;
  sumDurationMs: number;
  /** Serialised LogHistogram of durations. */
  durations: JsonObject;
  /** Serialised LogHistogram per measurement name (`lcp`, `fcp`, `cls`, `inp`, `ttfb`, …). */
  vitals: Record<string, JsonObject>;
}
