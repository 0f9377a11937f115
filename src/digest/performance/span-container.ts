/**
 * `span` items: a v2 container (`{"version": 2, "ingest_settings": {…}, "items": [span, …]}`, the JS SDK
 * v11 default), a legacy single span object, or (leniently) a bare array of spans.
 *
 * Every span becomes a {@link ProcessedSpan}. A segment root (`is_segment: true`) also becomes a
 * `segment` {@link ProcessedTransaction}; an INP span (op `ui.interaction.*` carrying an `inp` value, as
 * `browser.web_vital.inp.value` or legacy `measurements.inp`) becomes an `interaction` transaction named
 * after the page it happened on, which is how Sentry aggregates INP per page. Web vitals that arrive on
 * child spans (JS SDK v11 sends LCP and CLS as `ui.webvital.*` children of the `pageload` span, in a
 * later envelope) are merged into their segment when it is in the same payload, and otherwise returned
 * as {@link SegmentMeasurement}s for storage to merge.
 */
import { toBoundedJson } from '../event/bounds.js';
import { arr, obj, str } from '../event/coerce.js';
import { clockDrift } from '../event/timestamps.js';
import { roundMicros } from '../../perf/math.js';
import type { JsonObject } from '../../protocol/json.js';
import { segmentEventId, validSpanId, validTraceId } from './ids.js';
import { buildSegment } from './segment.js';
import { readSpan, type SpanInput } from './span-input.js';
import { normalizeStatus } from './status.js';
import { statusCodeOf } from './summary.js';
import type {
  Measurement,
  PerformanceContext,
  ProcessedSpan,
  ProcessedTransaction,
  SegmentMeasurement,
} from './types.js';

/** Spans read from one item; the rest are counted in `dropped`. */
export const MAX_SPANS_PER_ITEM = 1000;
/** Characters of span `data` kept per span, and per item across all its spans. */
const SPAN_DATA_CHARS = 16 * 1024;
const ITEM_DATA_CHARS = 2 * 1024 * 1024;

/** What one `span` item yields. */
export interface SpanItemsResult {
  spans: ProcessedSpan[];
  /** Segment roots and INP interactions. */
  segments: ProcessedTransaction[];
  /** Web vitals for segments not in this payload. */
  measurements: SegmentMeasurement[];
  /** Spans that could not be read (no valid ids or times) or were over the cap. */
  dropped: number;
}

/** Whether a span is an INP interaction (its own transaction). */
function isInteraction(span: SpanInput): boolean {
  return (span.op?.startsWith('ui.interaction.') ?? false) && span.measurements['inp'] !== undefined;
}

/**
 * Processes the payload of one `span` item. Never throws: a payload that still trips an unforeseen
 * path yields nothing and counts as dropped.
 */
export function processSpanItems(payload: unknown, ctx: PerformanceContext): SpanItemsResult {
  try {
    return processSpanItemsUnguarded(payload, ctx);
  } catch {
    return { spans: [], segments: [], measurements: [], dropped: 1 };
  }
}

/** {@link processSpanItems} without the last-resort guard (tests use it to prove the guard is unneeded). */
export function processSpanItemsUnguarded(payload: unknown, ctx: PerformanceContext): SpanItemsResult {
  const container = obj(payload);
  const rawItems = arr(container?.['items']) ?? arr(payload) ?? (container ? [container] : []);
  const ingestSettings = obj(container?.['ingest_settings']) ?? {};
  const readOptions = {
    driftMs: clockDrift(ctx.receivedAt, ctx.sentAt),
    receivedAt: ctx.receivedAt,
    fallbackTraceId: validTraceId(ctx.trace?.['trace_id']),
  };
  let dropped = Math.max(0, rawItems.length - MAX_SPANS_PER_ITEM);
  const inputs: SpanInput[] = [];
  const byId = new Map<string, SpanInput>();
  for (const raw of rawItems.slice(0, MAX_SPANS_PER_ITEM)) {
    const span = readSpan(raw, readOptions);
    const key = span ? `${span.traceId}:${span.spanId}` : '';
    if (!span || byId.has(key)) {
      dropped++;
      continue;
    }
    inputs.push(span);
    byId.set(key, span);
  }

  const segmentOf = new Map<SpanInput, string>();
  const resolveSegment = (span: SpanInput, depth: number): string => {
    const known = segmentOf.get(span);
    if (known !== undefined) return known;
    let id: string;
    if (span.isSegment === true) id = span.spanId;
    else if (span.declaredSegmentId !== undefined) id = span.declaredSegmentId;
    else {
      const parent = span.parentSpanId ? byId.get(`${span.traceId}:${span.parentSpanId}`) : undefined;
      id = parent && depth < 64 ? resolveSegment(parent, depth + 1) : (span.parentSpanId ?? span.spanId);
    }
    segmentOf.set(span, id);
    return id;
  };

  // Web vitals on non-root spans go to their page's segment.
  const childVitals = new Map<string, Record<string, Measurement>>();
  const pending: SegmentMeasurement[] = [];
  for (const span of inputs) {
    const segmentId = resolveSegment(span, 0);
    const isRoot = isSegmentRoot(span, segmentId);
    if (isRoot || isInteraction(span) || Object.keys(span.measurements).length === 0) continue;
    const target = validSpanId(span.attributes['sentry.pageload.span_id']) ?? segmentId;
    const key = `${span.traceId}:${target}`;
    const root = byId.get(key);
    if (root && isSegmentRoot(root, resolveSegment(root, 0))) {
      const into = childVitals.get(key) ?? {};
      for (const [name, m] of Object.entries(span.measurements)) into[name] ??= m;
      childVitals.set(key, into);
      continue;
    }
    for (const [name, measurement] of Object.entries(span.measurements)) {
      pending.push({
        projectId: ctx.projectId,
        traceId: span.traceId,
        segmentSpanId: target,
        transactionEventId: segmentEventId(span.traceId, target),
        name,
        measurement,
        sourceSpanId: span.spanId,
        receivedAt: Math.round(ctx.receivedAt),
      });
    }
  }

  const segments: ProcessedTransaction[] = [];
  const segmentNames = new Map<string, { name: string; source: string }>();
  for (const span of inputs) {
    if (!isSegmentRoot(span, resolveSegment(span, 0)) || isInteraction(span)) continue;
    const segment = buildSegment(span, {
      ctx,
      kind: 'segment',
      ingestSettings,
      childMeasurements: childVitals.get(`${span.traceId}:${span.spanId}`) ?? {},
    });
    segments.push(segment);
    segmentNames.set(span.spanId, { name: segment.name, source: segment.nameSource });
  }
  for (const span of inputs) {
    if (isInteraction(span))
      segments.push(buildSegment(span, { ctx, kind: 'interaction', ingestSettings, segmentNames }));
  }

  const budget = { chars: ITEM_DATA_CHARS };
  // The spans of a segment share its event id (an md5): computed once per segment, not per span.
  const eventIds = new Map<string, string>();
  const eventIdOf = (traceId: string, segmentId: string): string => {
    const key = traceId + segmentId;
    let id = eventIds.get(key);
    if (id === undefined) eventIds.set(key, (id = segmentEventId(traceId, segmentId)));
    return id;
  };
  const spans = inputs.map((span) => toProcessedSpan(span, resolveSegment(span, 0), ctx, budget, eventIdOf));
  return { spans, segments, measurements: pending, dropped };
}

/** A span is its segment's root when it says so, or when its segment id is its own id. */
function isSegmentRoot(span: SpanInput, segmentId: string): boolean {
  return span.isSegment ?? segmentId === span.spanId;
}

/** The {@link ProcessedSpan} row of one span. */
function toProcessedSpan(
  span: SpanInput,
  segmentId: string,
  ctx: PerformanceContext,
  budget: { chars: number },
  eventIdOf: (traceId: string, segmentId: string) => string,
): ProcessedSpan {
  const isSegment = isSegmentRoot(span, segmentId);
  const local = { chars: Math.min(SPAN_DATA_CHARS, Math.max(0, budget.chars)) };
  const before = local.chars;
  const data = toBoundedJson(span.attributes, { depth: 4, budget: local });
  budget.chars -= before - local.chars;
  const httpCode = statusCodeOf(span.attributes['http.response.status_code']);
  return {
    projectId: ctx.projectId,
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    segmentId: isSegment ? span.spanId : segmentId,
    transactionEventId: eventIdOf(span.traceId, isSegment ? span.spanId : segmentId),
    op: span.op ?? 'default',
    description: span.name,
    status: normalizeStatus(span.status, httpCode),
    origin: span.origin ?? str(span.attributes['origin']) ?? null,
    startTimestamp: Math.round(span.startMs),
    endTimestamp: Math.round(span.endMs),
    durationMs: roundMicros(span.endMs - span.startMs),
    exclusiveTimeMs: span.exclusiveTime,
    isSegment,
    data: obj(data) ? (data as JsonObject) : {},
    tags: span.tags,
    receivedAt: Math.round(ctx.receivedAt),
  };
}
