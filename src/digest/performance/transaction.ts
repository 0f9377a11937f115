/**
 * `transaction` items (and legacy `/store/` bodies with `type: "transaction"`): the common event fields
 * are normalised by the error normaliser (`normalizeEvent`: ids, release, environment, user, request,
 * contexts with User-Agent inference, tags, sdk, bounds), then the transaction-specific parts are added:
 * start/end times, the trace context (repaired when incomplete), the name (parameterised when it is a raw
 * URL), measurements, the spans with their exclusive times, and the span-op breakdown.
 */
import type { JsonObject } from '../../protocol/json.js';
import { exclusiveTime, opBreakdown, roundMicros } from '../../perf/math.js';
import { LIMITS, toBoundedJson, truncate } from '../event/bounds.js';
import { arr, getPath, obj, str } from '../event/coerce.js';
import { resolveEventId, validEnvironment, validEventId, validRelease } from '../event/identity.js';
import { normalizeLevel } from '../event/level.js';
import { normalizeEvent } from '../event/normalize.js';
import { parseTags } from '../event/tags.js';
import { clockDrift } from '../event/timestamps.js';
import { derivedSpanId, validSpanId, validTraceId } from './ids.js';
import { normalizeMeasurements } from './measurements.js';
import { methodAndPathName, parameterizeUrlName, treatAsUrl } from './parameterize.js';
import { MAX_DESCRIPTION, boundedText } from './span-input.js';
import { normalizeStatus } from './status.js';
import { breakdownJson, measurementsJson, statusCodeOf, summarize } from './summary.js';
import { resolveTimes, shiftedTime } from './times.js';
import type { PerformanceContext, ProcessedSpan, ProcessedTransaction } from './types.js';

/** Spans kept per transaction (the SDKs' own `maxSpans` default); the earliest-starting ones are kept. */
export const MAX_SPANS_PER_TRANSACTION = 1000;
/** Raw span entries looked at, so a hostile array of junk cannot cost unbounded time. */
const MAX_SPANS_SCANNED = 10 * MAX_SPANS_PER_TRANSACTION;
const SPAN_DATA_CHARS = 16 * 1024;
const TRANSACTION_DATA_CHARS = 2 * 1024 * 1024;

/** What one transaction yields. */
export interface TransactionResult {
  transaction: ProcessedTransaction;
  /** The root span first, then the others by start time. */
  spans: ProcessedSpan[];
  /** Spans dropped: unreadable (no valid span id or start) or over {@link MAX_SPANS_PER_TRANSACTION}. */
  droppedSpans: number;
}

/**
 * Processes one transaction event. Never throws: a payload that still trips an unforeseen path is
 * stored as a minimal `<unlabeled transaction>` rather than failing the envelope.
 */
export function processTransaction(raw: Record<string, unknown>, ctx: PerformanceContext): TransactionResult {
  try {
    return processTransactionUnguarded(raw, ctx);
  } catch {
    return fallbackTransaction(raw, ctx);
  }
}

/** One span as read from the payload, before ids of children are known. */
interface RawSpan {
  spanId: string;
  traceId: string;
  parentSpanId: string;
  startMs: number;
  endMs: number;
  source: Record<string, unknown>;
  /** Relay's `end_all_spans`: a span without an end is ended with the transaction, `deadline_exceeded`. */
  unfinished: boolean;
}

/** {@link processTransaction} without the last-resort guard (tests use it to prove the guard is unneeded). */
export function processTransactionUnguarded(
  raw: Record<string, unknown>,
  ctx: PerformanceContext,
): TransactionResult {
  const normalized = normalizeEvent(raw, ctx);
  const data = normalized.data;
  const eventId = normalized.eventId;
  const trace = ctx.trace ?? {};
  const drift = clockDrift(ctx.receivedAt, ctx.sentAt);
  const times = resolveTimes(raw['start_timestamp'], raw['timestamp'], drift, ctx.receivedAt) ?? {
    startMs: ctx.receivedAt,
    endMs: ctx.receivedAt,
    shiftMs: 0,
  };

  // Trace context: ids validated by normalizeContexts; repaired when missing (Relay rejects such
  // transactions, but keeping the data with a derived id is more useful to a self-hoster).
  const contexts = (obj(data['contexts']) ?? {}) as JsonObject;
  data['contexts'] = contexts;
  const traceContext = (obj(contexts['trace']) ?? { type: 'trace' }) as JsonObject;
  contexts['trace'] = traceContext;
  const traceId = validTraceId(traceContext['trace_id']) ?? validTraceId(trace['trace_id']) ?? eventId;
  const spanId = validSpanId(traceContext['span_id']) ?? derivedSpanId(eventId);
  const parentSpanId = validSpanId(traceContext['parent_span_id']) ?? null;
  const op = boundedText(traceContext['op'], 128) ?? 'default';
  const httpCode =
    statusCodeOf(getPath(contexts, 'response', 'status_code')) ??
    statusCodeOf(getPath(traceContext, 'data', 'http.response.status_code'));
  const status = normalizeStatus(traceContext['status'], httpCode);
  Object.assign(traceContext, { trace_id: traceId, span_id: spanId, op, status });
  if (parentSpanId === null) delete traceContext['parent_span_id'];

  // Name and source; raw URLs parameterised and marked `sanitized`, as Relay does.
  let name =
    normalized.transaction ?? boundedText(trace['transaction'], LIMITS.name) ?? '<unlabeled transaction>';
  let rawSource = str(getPath(raw, 'transaction_info', 'source'))
    ?.trim()
    .toLowerCase();
  const withPath = methodAndPathName(name, requestPath(traceContext, raw));
  if (withPath) {
    // A server transaction named by its method alone (OpenTelemetry-based SDKs without a router).
    name = withPath;
    rawSource = 'url';
  }
  let nameSource = rawSource && /^[a-z_]{1,32}$/.test(rawSource) ? rawSource : 'unknown';
  const sdkName = str(getPath(raw, 'sdk', 'name')) ?? str(ctx.sdk?.['name']);
  if (treatAsUrl(rawSource, name, sdkName)) {
    name = truncate(parameterizeUrlName(name), LIMITS.name);
    nameSource = 'sanitized';
  }
  data['transaction'] = name;
  data['transaction_info'] = {
    ...(obj(data['transaction_info']) as JsonObject | undefined),
    source: nameSource,
  };

  data['level'] = normalizeLevel(raw['level']) ?? 'info';
  data['start_timestamp'] = times.startMs / 1000;
  data['timestamp'] = times.endMs / 1000;
  if (!data['release']) {
    const release = validRelease(trace['release']);
    if (release) data['release'] = release;
  }
  if (!data['environment']) {
    const environment = validEnvironment(trace['environment']);
    if (environment) data['environment'] = environment;
  }
  const replay = obj(contexts['replay']);
  const replayId = validEventId(replay?.['replay_id']) ?? validEventId(trace['replay_id']);
  if (replayId)
    contexts['replay'] = { ...(replay as JsonObject | undefined), type: 'replay', replay_id: replayId };
  else delete contexts['replay'];

  const measurements = normalizeMeasurements(raw['measurements']);
  if (Object.keys(measurements).length > 0) data['measurements'] = measurementsJson(measurements);

  const { spans: children, dropped } = readSpans(raw['spans'], {
    traceId,
    rootSpanId: spanId,
    shiftMs: times.shiftMs,
    endMs: times.endMs,
  });
  const breakdown = opBreakdown(
    children.map((s) => ({
      op: str(s.source['op']) ?? null,
      startTimestamp: s.startMs,
      endTimestamp: s.endMs,
    })),
  );
  data['breakdowns'] = breakdownJson(breakdown);

  const childrenOf = new Map<string, Array<{ start: number; end: number }>>();
  for (const s of children) {
    const list = childrenOf.get(s.parentSpanId) ?? [];
    list.push({ start: s.startMs, end: s.endMs });
    childrenOf.set(s.parentSpanId, list);
  }
  const rootExclusive = exclusiveTime(
    { start: times.startMs, end: times.endMs },
    childrenOf.get(spanId) ?? [],
  );
  traceContext['exclusive_time'] = rootExclusive;

  const base = { projectId: ctx.projectId, traceId, transactionEventId: eventId, receivedAt: ctx.receivedAt };
  const budget = { chars: TRANSACTION_DATA_CHARS };
  const rootSpan: ProcessedSpan = {
    ...base,
    receivedAt: Math.round(ctx.receivedAt),
    spanId,
    parentSpanId,
    segmentId: spanId,
    op,
    description: truncate(name, MAX_DESCRIPTION),
    status,
    origin: boundedText(traceContext['origin'], 128),
    startTimestamp: Math.round(times.startMs),
    endTimestamp: Math.round(times.endMs),
    durationMs: roundMicros(times.endMs - times.startMs),
    exclusiveTimeMs: rootExclusive,
    isSegment: true,
    data: boundedData(traceContext['data'], budget),
    tags: [],
  };
  const spans = [rootSpan];
  for (const s of children) spans.push(toProcessedSpan(s, spanId, base, childrenOf, budget));

  const transaction = summarize(data, {
    eventId,
    projectId: ctx.projectId,
    kind: 'transaction',
    traceId,
    spanId,
    parentSpanId,
    name,
    nameSource,
    nameFromEventId: null,
    op,
    status,
    startMs: times.startMs,
    endMs: times.endMs,
    platform: normalized.platform,
    measurements,
    breakdown,
    receivedAt: ctx.receivedAt,
  });
  return { transaction, spans, droppedSpans: dropped };
}

/** Reads, validates, de-duplicates, sorts and caps the `spans` array. */
/** The request path of a server transaction: its trace data (`url.path`, `http.target`), else its request URL. */
function requestPath(traceContext: JsonObject, raw: Record<string, unknown>): string | undefined {
  const data = obj(traceContext['data']);
  const path = str(data?.['url.path']) ?? str(data?.['http.target']);
  if (path) return path;
  const url = str(data?.['url.full']) ?? str(data?.['http.url']) ?? str(getPath(raw, 'request', 'url'));
  if (!url) return undefined;
  try {
    return new URL(url, 'http://placeholder.invalid').pathname;
  } catch {
    return undefined;
  }
}

function readSpans(
  value: unknown,
  t: { traceId: string; rootSpanId: string; shiftMs: number; endMs: number },
): { spans: RawSpan[]; dropped: number } {
  const list = arr(value) ?? [];
  let dropped = Math.max(0, list.length - MAX_SPANS_SCANNED);
  const seen = new Set([t.rootSpanId]);
  const out: RawSpan[] = [];
  for (const item of list.slice(0, MAX_SPANS_SCANNED)) {
    const s = obj(item);
    const spanId = validSpanId(s?.['span_id']);
    const startMs = shiftedTime(s?.['start_timestamp'], t.shiftMs);
    if (!s || spanId === undefined || startMs === undefined || seen.has(spanId)) {
      dropped++;
      continue;
    }
    seen.add(spanId);
    const end = shiftedTime(s['timestamp'], t.shiftMs);
    const parent = validSpanId(s['parent_span_id']);
    out.push({
      spanId,
      traceId: validTraceId(s['trace_id']) ?? t.traceId,
      parentSpanId: parent !== undefined && parent !== spanId ? parent : t.rootSpanId,
      startMs,
      endMs: Math.max(startMs, end ?? t.endMs),
      source: s,
      unfinished: end === undefined,
    });
  }
  out.sort((a, b) => a.startMs - b.startMs);
  if (out.length > MAX_SPANS_PER_TRANSACTION) {
    dropped += out.length - MAX_SPANS_PER_TRANSACTION;
    out.length = MAX_SPANS_PER_TRANSACTION;
  }
  return { spans: out, dropped };
}

function toProcessedSpan(
  s: RawSpan,
  rootSpanId: string,
  base: { projectId: number; transactionEventId: string; receivedAt: number },
  childrenOf: ReadonlyMap<string, Array<{ start: number; end: number }>>,
  budget: { chars: number },
): ProcessedSpan {
  const src = s.source;
  const httpCode =
    statusCodeOf(getPath(src, 'data', 'http.response.status_code')) ??
    statusCodeOf(getPath(src, 'data', 'status_code')) ??
    statusCodeOf(getPath(src, 'tags', 'http.status_code'));
  return {
    projectId: base.projectId,
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    segmentId: rootSpanId,
    transactionEventId: base.transactionEventId,
    op: boundedText(src['op'], 128) ?? 'default',
    description: boundedText(src['description'], MAX_DESCRIPTION),
    status: s.unfinished
      ? 'deadline_exceeded'
      : normalizeStatus(src['status'] ?? getPath(src, 'tags', 'status'), httpCode),
    origin: boundedText(src['origin'], 128),
    startTimestamp: Math.round(s.startMs),
    endTimestamp: Math.round(s.endMs),
    durationMs: roundMicros(s.endMs - s.startMs),
    exclusiveTimeMs: exclusiveTime({ start: s.startMs, end: s.endMs }, childrenOf.get(s.spanId) ?? []),
    isSegment: false,
    data: boundedData(src['data'], budget),
    tags: parseTags(src['tags']),
    receivedAt: Math.round(base.receivedAt),
  };
}

/** Span `data` as bounded JSON, charged to the transaction-wide character budget. */
function boundedData(value: unknown, budget: { chars: number }): JsonObject {
  if (!obj(value)) return {};
  const local = { chars: Math.min(SPAN_DATA_CHARS, Math.max(0, budget.chars)) };
  const before = local.chars;
  const out = toBoundedJson(value, { depth: 4, budget: local });
  budget.chars -= before - local.chars;
  return obj(out) ? (out as JsonObject) : {};
}

/** Last-resort transaction for inputs that broke processing: keeps the id and the receive time. */
function fallbackTransaction(raw: Record<string, unknown>, ctx: PerformanceContext): TransactionResult {
  let payloadId: unknown;
  try {
    payloadId = raw['event_id'];
  } catch {
    payloadId = undefined;
  }
  const eventId = resolveEventId(payloadId, ctx.eventId);
  const spanId = derivedSpanId(eventId);
  const name = '<unlabeled transaction>';
  const data: JsonObject = {
    event_id: eventId,
    level: 'info',
    platform: 'other',
    transaction: name,
    start_timestamp: ctx.receivedAt / 1000,
    timestamp: ctx.receivedAt / 1000,
    received: ctx.receivedAt / 1000,
    contexts: {
      trace: { type: 'trace', trace_id: eventId, span_id: spanId, op: 'default', status: 'unknown' },
    },
  };
  const transaction = summarize(data, {
    eventId,
    projectId: ctx.projectId,
    kind: 'transaction',
    traceId: eventId,
    spanId,
    parentSpanId: null,
    name,
    nameSource: 'unknown',
    nameFromEventId: null,
    op: 'default',
    status: 'unknown',
    startMs: ctx.receivedAt,
    endMs: ctx.receivedAt,
    platform: 'other',
    measurements: {},
    breakdown: {},
    receivedAt: ctx.receivedAt,
  });
  return { transaction, spans: [], droppedSpans: 0 };
}
