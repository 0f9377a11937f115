/**
 * The last step shared by both ways a transaction arrives: given its Sentry-style event JSON (built by
 * `transaction.ts` or `segment.ts`), derive the tags and the indexed fields, and bound the body.
 */
import type { JsonObject } from '../../protocol/json.js';
import { guardEncodedSize } from '../event/bounds.js';
import { getPath, lenientString, num, obj, str } from '../event/coerce.js';
import { deriveTags, userKeyOf } from '../event/derived-tags.js';
import { parseTags, validTagValue } from '../event/tags.js';
import type { Measurement, ProcessedTransaction, SpanOpBreakdown, TransactionKind } from './types.js';

/** The fields the caller has already decided. */
export interface TransactionCore {
  eventId: string;
  projectId: number;
  kind: TransactionKind;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  nameSource: string;
  nameFromEventId: string | null;
  op: string;
  status: string;
  /** Precise Unix ms. */
  startMs: number;
  /** Precise Unix ms. */
  endMs: number;
  platform: string;
  measurements: Record<string, Measurement>;
  breakdown: SpanOpBreakdown | null;
  receivedAt: number;
}

/** Reads an HTTP status code from a number or numeric string. */
export function statusCodeOf(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{3}$/.test(value.trim()) ? Number(value) : num(value);
  return n !== undefined && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

/** The response status code of a normalised transaction event, from wherever the SDK put it. */
function httpStatusCodeOf(data: JsonObject, tags: Array<[string, string]>): number | null {
  const traceData = getPath(data, 'contexts', 'trace', 'data');
  return (
    statusCodeOf(getPath(data, 'contexts', 'response', 'status_code')) ??
    statusCodeOf(getPath(traceData, 'http.response.status_code')) ??
    statusCodeOf(getPath(traceData, 'http.status_code')) ??
    statusCodeOf(tags.find(([k]) => k === 'http.status_code')?.[1]) ??
    null
  );
}

function httpMethodOf(data: JsonObject): string | null {
  const traceData = getPath(data, 'contexts', 'trace', 'data');
  const method =
    str(getPath(data, 'request', 'method')) ??
    str(getPath(traceData, 'http.request.method')) ??
    str(getPath(traceData, 'http.method'));
  return method ? method.toUpperCase().slice(0, 32) : null;
}

/** Builds the {@link ProcessedTransaction} and finishes `data` (type, tags, size guard). */
export function summarize(data: JsonObject, core: TransactionCore): ProcessedTransaction {
  const contexts = obj(data['contexts']) ?? {};
  const given = parseTags(data['tags']);
  const tags = deriveTags(data, given);
  const tagMap = new Map(tags);
  const httpMethod = httpMethodOf(data);
  const httpStatusCode = httpStatusCodeOf(data, tags);
  const setTag = (key: string, value: unknown): void => {
    const v = validTagValue(value);
    if (v !== undefined) tagMap.set(key, v);
  };
  setTag('http.method', httpMethod);
  if (httpStatusCode !== null) setTag('http.status_code', String(httpStatusCode));
  const finalTags = [...tagMap];
  data['tags'] = finalTags;
  data['type'] = 'transaction';
  const user = obj(data['user']);
  const url = str(getPath(data, 'request', 'url'));
  const guarded = guardTransactionSize(data);
  return {
    eventId: core.eventId,
    projectId: core.projectId,
    kind: core.kind,
    traceId: core.traceId,
    spanId: core.spanId,
    parentSpanId: core.parentSpanId,
    name: core.name,
    nameSource: core.nameSource,
    nameFromEventId: core.nameFromEventId,
    op: core.op,
    status: core.status,
    startTimestamp: Math.round(core.startMs),
    endTimestamp: Math.round(core.endMs),
    durationMs: Math.round((core.endMs - core.startMs) * 1000) / 1000,
    release: str(data['release']) ?? null,
    environment: str(data['environment']) ?? null,
    dist: str(data['dist']) ?? null,
    platform: core.platform,
    userKey: userKeyOf(user),
    userId: lenientString(user?.['id']) ?? null,
    userEmail: lenientString(user?.['email']) ?? null,
    userName: lenientString(user?.['username']) ?? null,
    userIp: lenientString(user?.['ip_address']) ?? null,
    httpMethod,
    httpStatusCode,
    url: url ?? null,
    browserName: str(getPath(contexts['browser'], 'name')) ?? null,
    osName: str(getPath(contexts['os'], 'name')) ?? null,
    measurements: core.measurements,
    breakdown: core.breakdown,
    replayId: str(getPath(contexts['replay'], 'replay_id')) ?? null,
    tags: finalTags,
    receivedAt: Math.round(core.receivedAt),
    data: guarded,
  };
}

/**
 * {@link guardEncodedSize}, then puts back what a transaction body cannot lose: its last resort keeps
 * only the fields an error needs.
 */
function guardTransactionSize(data: JsonObject): JsonObject {
  const keep: JsonObject = {};
  for (const key of ['type', 'transaction', 'transaction_info', 'start_timestamp', 'measurements', 'tags']) {
    if (data[key] !== undefined) keep[key] = data[key];
  }
  const trace = getPath(data, 'contexts', 'trace');
  const guarded = guardEncodedSize(data);
  for (const [key, value] of Object.entries(keep)) if (guarded[key] === undefined) guarded[key] = value;
  if (obj(trace) && !getPath(guarded, 'contexts', 'trace')) {
    guarded['contexts'] = {
      ...(obj(guarded['contexts']) as JsonObject | undefined),
      trace: trace as JsonObject,
    };
  }
  return guarded;
}

/** `{name: {value, unit}}` for the event body. */
export function measurementsJson(measurements: Record<string, Measurement>): JsonObject {
  const out: JsonObject = {};
  for (const [name, m] of Object.entries(measurements)) out[name] = { value: m.value, unit: m.unit };
  return out;
}

/** Sentry's `breakdowns.span_ops` body: `{"ops.http": {"value": 12.5, "unit": "millisecond"}}`. */
export function breakdownJson(breakdown: SpanOpBreakdown): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(breakdown)) out[key] = { value, unit: 'millisecond' };
  return { span_ops: out };
}
