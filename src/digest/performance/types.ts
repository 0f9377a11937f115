/**
 * What the performance digest hands to storage: one {@link ProcessedTransaction} per transaction (a
 * `transaction` item, or the root of a v2 span segment, or a standalone INP interaction) and one
 * {@link ProcessedSpan} per span, the root of each transaction included.
 *
 * Times: `startTimestamp` / `endTimestamp` are whole Unix milliseconds (rounded, for BIGINT columns);
 * `durationMs` is the precise duration (microsecond resolution) computed before rounding, so
 * `end − start` can differ from it by up to 1 ms. The precise times stay in `data` (Unix seconds).
 */
import type { JsonObject } from '../../protocol/json.js';
import type { SpanOpBreakdown } from '../../perf/math.js';

export type { SpanOpBreakdown } from '../../perf/math.js';

/** What the ingest edge knows about the envelope that carried the item. */
export interface PerformanceContext {
  /** The project the DSN key belongs to. */
  projectId: number;
  /** Unix milliseconds. */
  receivedAt: number;
  /** The envelope header's `event_id` (transaction items; it wins over the payload's). */
  eventId?: string;
  /** The envelope header's `sent_at`, Unix milliseconds, for clock-drift correction. */
  sentAt?: number;
  /** The connecting client's address, for `{{auto}}` / `infer_ip: auto` user IPs. */
  clientIp?: string | null;
  /** The ingest request's User-Agent (the user's browser for browser SDKs). */
  userAgent?: string | null;
  /** The envelope `trace` header (dynamic sampling context): `replay_id`, `transaction`, `release`, `environment`, … */
  trace?: Record<string, unknown>;
  /** The envelope header's `sdk` (`{name, version}`), used when the payload names no SDK. */
  sdk?: Record<string, unknown>;
  /** The item header's `platform`, used when the payload has none. */
  platformHint?: string;
}

/** A measurement as Sentry stores it (`measurements.lcp = {value: 1234.5, unit: "millisecond"}`). */
export interface Measurement {
  /** The measured value, in `unit`. */
  value: number;
  /** `millisecond`, `none`, `ratio`, … (Sentry's metric unit names). */
  unit: string;
}

/**
 * Where a transaction came from. `transaction`: a `transaction` item (or legacy `/store/` body);
 * `segment`: the root span of a v2 span segment; `interaction`: an INP span (`ui.interaction.*` with an
 * `inp` value) turned into its own transaction so INP can be aggregated per page like Sentry does. The
 * span of an interaction also appears in its page's segment; trace views should show it only once.
 */
export type TransactionKind = 'transaction' | 'segment' | 'interaction';

/** One transaction as storage indexes it. */
export interface ProcessedTransaction {
  /** 32 lowercase hex. For segments and interactions: md5(trace id + span id), see `segmentEventId`. */
  eventId: string;
  /** Owning project. */
  projectId: number;
  /** Where the transaction came from (see {@link TransactionKind}). */
  kind: TransactionKind;
  /** 32 lowercase hex (repaired from the event id when a transaction item had none). */
  traceId: string;
  /** Span id of the transaction's root span, 16 lowercase hex. */
  spanId: string;
  /** The root span's parent (a span in another service or page), or null for a trace root. */
  parentSpanId: string | null;
  /** Transaction name; raw URLs parameterised (`/users/*`), see `parameterize.ts`. At most 200 characters. */
  name: string;
  /**
   * `transaction_info.source` / `sentry.segment.name.source`: custom, url, route, view, component, task,
   * or `sanitized` when a URL name was parameterised here (Relay's marking), `unknown` when not sent.
   */
  nameSource: string;
  /**
   * Set when `name` is only an SDK placeholder (JS SDK v11 names INP spans after their page load,
   * `Pageload`, before the page load is named): the event id of the segment whose name this transaction
   * should take once known. Null otherwise.
   */
  nameFromEventId: string | null;
  /** Root span op (`http.server`, `pageload`, `task`, `ui.interaction.click`, …); `default` when missing. */
  op: string;
  /** Span status of the root (`ok`, `internal_error`, …); `unknown` when missing. */
  status: string;
  /** Whole Unix ms. */
  startTimestamp: number;
  /** Whole Unix ms. */
  endTimestamp: number;
  /** Precise duration in ms (the `transaction.duration` of Sentry's queries). */
  durationMs: number;
  /** `release` / `sentry.release` (validated like errors' releases), else the envelope trace header's. */
  release: string | null;
  /** `environment` / `sentry.environment`, else the envelope trace header's. */
  environment: string | null;
  /** `dist` / `sentry.dist` (only kept with a release). */
  dist: string | null;
  /** Event platform (`javascript`, `node`, `python`, …; `other` when unknown). */
  platform: string;
  /** Distinct-user identity, same rule as errors: `id:…`, `username:…`, `email:…` or `ip:…`. */
  userKey: string | null;
  /** `user.id`. */
  userId: string | null;
  /** `user.email`. */
  userEmail: string | null;
  /** `user.username` (the v2 attribute `user.name`). */
  userName: string | null;
  /** `user.ip_address` (given, or inferred from the client address when the SDK asked for it). */
  userIp: string | null;
  /** Request method of a server transaction or page load (`GET`). */
  httpMethod: string | null;
  /** HTTP response status code, when known. */
  httpStatusCode: number | null;
  /** Request URL (without query string and fragment). */
  url: string | null;
  /** `contexts.browser.name` (given, or parsed from the User-Agent). */
  browserName: string | null;
  /** `contexts.os.name`. */
  osName: string | null;
  /** Measurements by lowercase name: web vitals, app starts, frames, custom ones. */
  measurements: Record<string, Measurement>;
  /**
   * Span-op breakdown (ms) for transaction items, computed from their spans. Null for segments and
   * interactions: their spans may arrive in later envelopes, so compute it from stored spans with
   * `opBreakdown` (`src/perf/math.ts`).
   */
  breakdown: SpanOpBreakdown | null;
  /** Session replay id (32 hex) from `contexts.replay`, the `sentry.replay_id` attribute or the envelope's `trace.replay_id`. */
  replayId: string | null;
  /** Given tags plus derived ones (environment, release, transaction, http.method, http.status_code, browser, os, user, url, …). */
  tags: Array<[string, string]>;
  /** Unix ms. */
  receivedAt: number;
  /**
   * The normalised, size-bounded Sentry-style transaction event for the event API (`type: "transaction"`,
   * `transaction`, `start_timestamp`, `timestamp`, `contexts.trace`, `measurements`, `breakdowns`, …).
   * `spans` are NOT included: they are the {@link ProcessedSpan} rows, and the API adds them back.
   */
  data: JsonObject;
}

/**
 * A processed transaction as storage takes it: the fields storage reads, and the body as JSON or
 * already packed with `packEventBody`. The digest packs each one as soon as it is processed and keeps
 * only those fields, so a batch holds small records and buffers instead of parsed JSON trees and tag
 * lists until its write (less for each young-generation collection to copy, less peak memory).
 */
export type TransactionForStorage = Pick<ProcessedTransaction, StoredTransactionField> &
  ({ data: JsonObject; body?: undefined } | { body: Buffer; data?: undefined });

/** The fields of a {@link ProcessedTransaction} storage reads (its columns and roll-ups); the rest is in its body. */
export const STORED_TRANSACTION_FIELDS = [
  'eventId',
  'projectId',
  'kind',
  'traceId',
  'spanId',
  'parentSpanId',
  'name',
  'nameSource',
  'nameFromEventId',
  'op',
  'status',
  'startTimestamp',
  'durationMs',
  'release',
  'environment',
  'platform',
  'userKey',
  'httpMethod',
  'httpStatusCode',
  'browserName',
  'replayId',
  'measurements',
  'breakdown',
  'receivedAt',
] as const satisfies ReadonlyArray<keyof ProcessedTransaction>;

/** One of {@link STORED_TRANSACTION_FIELDS}. */
export type StoredTransactionField = (typeof STORED_TRANSACTION_FIELDS)[number];

/** One span as storage indexes it. */
export interface ProcessedSpan {
  /** Owning project. */
  projectId: number;
  /** 32 lowercase hex. */
  traceId: string;
  /** 16 lowercase hex. */
  spanId: string;
  /** 16 lowercase hex, or null for a trace root. */
  parentSpanId: string | null;
  /** Span id of the root of the segment / transaction this span belongs to (its own id for a root). */
  segmentId: string;
  /** Event id of that transaction (for v2 spans derived from trace id + segment id, so it is known before the segment arrives). */
  transactionEventId: string;
  /** `op` / `sentry.op`; `default` when missing. */
  op: string;
  /** `description`, or the v2 span `name`. At most 2,000 characters. */
  description: string | null;
  /** Span status (`ok`, `internal_error`, …); `unknown` when missing. */
  status: string;
  /** `origin` / `sentry.origin` (`manual`, `auto.http.node_fetch`, …). */
  origin: string | null;
  /** Whole Unix ms. */
  startTimestamp: number;
  /** Whole Unix ms. */
  endTimestamp: number;
  /** Precise duration in ms. */
  durationMs: number;
  /**
   * Time not covered by direct children, ms: computed for transaction items (all spans known), taken
   * from `sentry.exclusive_time` / `exclusive_time` for v2 and standalone spans, null when unknown.
   */
  exclusiveTimeMs: number | null;
  /** True for the root span of a transaction or segment. */
  isSegment: boolean;
  /** The span's `data` / attributes as plain JSON (v2 `{value, type}` unwrapped), size-bounded. */
  data: JsonObject;
  /** The span's `tags` (transaction items and legacy spans; empty for v2 spans). */
  tags: Array<[string, string]>;
  /** Unix ms. */
  receivedAt: number;
}

/**
 * A web vital that arrived on its own span after its page-load segment (JS SDK v11 sends LCP and CLS
 * as children of the `pageload` span, in later envelopes). Storage merges it into that segment's
 * `measurements`; the same value arriving twice is harmless.
 */
export interface SegmentMeasurement {
  /** Owning project. */
  projectId: number;
  /** Trace of the segment (32 hex). */
  traceId: string;
  /** Span id of the segment the value belongs to (`sentry.pageload.span_id`, else `sentry.segment.id`). */
  segmentSpanId: string;
  /** The segment's event id if it arrived as a v2 segment (`segmentEventId`); look up by trace + span id otherwise. */
  transactionEventId: string;
  /** Lowercase measurement name (`lcp`, `cls`, …). */
  name: string;
  /** The value and its unit. */
  measurement: Measurement;
  /** The span that carried it. */
  sourceSpanId: string;
  /** When that span arrived, Unix ms (retention removes values no segment claimed). */
  receivedAt: number;
}
