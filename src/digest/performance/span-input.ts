/**
 * Reads one span of a `span` item into a common shape. Two wire formats arrive:
 * - v2 (JS SDK v11 span streaming): `{name, span_id, trace_id, parent_span_id, start_timestamp,
 *   end_timestamp, is_segment, status, attributes: {key: {value, type, unit?}}}`;
 * - legacy standalone spans (JS SDK v8–v10 INP/LCP/CLS spans, other SDKs): `{description, op, span_id,
 *   trace_id, parent_span_id, start_timestamp, timestamp, status, data: {…}, tags, measurements,
 *   segment_id, is_segment, exclusive_time, origin}`.
 * Both become a {@link SpanInput} whose `attributes` are plain values (v2 wrappers removed, legacy `data`
 * merged in), so the segment and container code reads one vocabulary (`sentry.op`, `sentry.segment.id`, …).
 */
import { LIMITS, truncate } from '../event/bounds.js';
import { arr, bool, num, obj, str } from '../event/coerce.js';
import { parseTags } from '../event/tags.js';
import { validSpanId, validTraceId } from './ids.js';
import { measurementsFromAttributes, normalizeMeasurements } from './measurements.js';
import { resolveTimes } from './times.js';
import type { Measurement } from './types.js';

/** Attributes read per span. */
const MAX_ATTRIBUTES = 500;
/** Span descriptions are capped like Relay's `MaxChars::Culprit`-sized span descriptions. */
export const MAX_DESCRIPTION = 2000;

/** One span, whatever format it came in. */
export interface SpanInput {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  /** v2 `name` or legacy `description`. */
  name: string | null;
  op: string | null;
  origin: string | null;
  status: unknown;
  /** Precise Unix ms, drift-corrected. */
  startMs: number;
  endMs: number;
  /** `is_segment` when sent. */
  isSegment: boolean | undefined;
  /** `sentry.segment.id` attribute or legacy `segment_id`, validated. */
  declaredSegmentId: string | undefined;
  /** Plain attribute values by key. */
  attributes: Record<string, unknown>;
  /** `unit` of v2 attributes that had one. */
  units: Record<string, string>;
  measurements: Record<string, Measurement>;
  tags: Array<[string, string]>;
  /** `exclusive_time` / `sentry.exclusive_time`, ms. */
  exclusiveTime: number | null;
}

/** Options for {@link readSpan}. */
export interface ReadOptions {
  driftMs: number;
  receivedAt: number;
  /** The envelope's trace id, for spans that omit theirs. */
  fallbackTraceId: string | undefined;
}

/** Unwraps v2 `{value, type, unit}` attributes (plain values are accepted too). */
function unwrapAttributes(raw: unknown, into: Record<string, unknown>, units: Record<string, string>): void {
  const o = obj(raw);
  if (!o) return;
  for (const key of Object.keys(o).slice(0, MAX_ATTRIBUTES)) {
    if (key === '__proto__' || key.length > 256) continue;
    const entry = o[key];
    const wrapped = obj(entry);
    if (wrapped && Object.hasOwn(wrapped, 'value')) {
      into[key] = wrapped['value'];
      const unit = str(wrapped['unit']);
      if (unit !== undefined) units[key] = unit.slice(0, 32);
    } else if (!wrapped) {
      into[key] = entry;
    }
  }
}

/** Merges legacy `data` under the attributes already read (v2 attributes win). */
function mergeData(raw: unknown, into: Record<string, unknown>): void {
  const o = obj(raw);
  if (!o) return;
  for (const key of Object.keys(o).slice(0, MAX_ATTRIBUTES)) {
    if (key === '__proto__' || key.length > 256 || Object.hasOwn(into, key)) continue;
    into[key] = o[key];
  }
}

/** A bounded non-empty string. */
export function boundedText(value: unknown, max: number): string | null {
  const s = str(value)?.trim();
  return s ? truncate(s, max) : null;
}

/** Reads one span; undefined when it has no usable ids or times (counted as dropped by the caller). */
export function readSpan(raw: unknown, options: ReadOptions): SpanInput | undefined {
  const s = obj(raw);
  if (!s) return undefined;
  const spanId = validSpanId(s['span_id']);
  const traceId = validTraceId(s['trace_id']) ?? options.fallbackTraceId;
  if (spanId === undefined || traceId === undefined) return undefined;
  const times = resolveTimes(
    s['start_timestamp'],
    s['end_timestamp'] ?? s['timestamp'],
    options.driftMs,
    options.receivedAt,
  );
  if (!times) return undefined;
  const attributes: Record<string, unknown> = {};
  const units: Record<string, string> = {};
  unwrapAttributes(s['attributes'], attributes, units);
  mergeData(s['data'], attributes);
  const measurements = normalizeMeasurements(s['measurements']);
  for (const [name, m] of Object.entries(measurementsFromAttributes(attributes, units))) {
    measurements[name] ??= m;
  }
  let parentSpanId = validSpanId(s['parent_span_id']) ?? null;
  if (parentSpanId === spanId) parentSpanId = null;
  const exclusive = num(s['exclusive_time']) ?? num(attributes['sentry.exclusive_time']);
  return {
    traceId,
    spanId,
    parentSpanId,
    name: boundedText(s['name'], MAX_DESCRIPTION) ?? boundedText(s['description'], MAX_DESCRIPTION),
    op: boundedText(attributes['sentry.op'], 128) ?? boundedText(s['op'], 128),
    origin: boundedText(attributes['sentry.origin'], 128) ?? boundedText(s['origin'], 128),
    status: s['status'],
    startMs: times.startMs,
    endMs: times.endMs,
    isSegment: bool(s['is_segment']),
    declaredSegmentId: validSpanId(attributes['sentry.segment.id']) ?? validSpanId(s['segment_id']),
    attributes,
    units,
    measurements,
    tags: arr(s['tags']) || obj(s['tags']) ? parseTags(s['tags']).slice(0, LIMITS.tags) : [],
    exclusiveTime: exclusive !== undefined && exclusive >= 0 ? exclusive : null,
  };
}
