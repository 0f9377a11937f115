import type { JsonObject } from '../../protocol/json.js';
import type { SpanRow, StoredTransaction } from '../../storage/performance-types.js';
import { isoDate } from '../format.js';
import { eventTags } from './presenter.js';

/** A span as Sentry's transaction event lists it under the `spans` entry (times in Unix seconds). */
function presentSpan(s: SpanRow): JsonObject {
  return {
    span_id: s.spanId,
    parent_span_id: s.parentSpanId,
    trace_id: s.traceId,
    op: s.op,
    description: s.description,
    status: s.status,
    start_timestamp: s.startTimestamp / 1000,
    timestamp: (s.startTimestamp + s.durationMs) / 1000,
    exclusive_time: s.exclusiveTimeMs,
    data: s.data,
  };
}

/**
 * A transaction in the shape of Sentry's event API for transactions: the stored transaction event plus
 * a `spans` entry (the root span excluded: it is the transaction itself, in `contexts.trace`).
 */
export function presentTransactionEvent(tx: StoredTransaction, spans: SpanRow[]): Record<string, unknown> {
  const d = tx.data;
  return {
    ...d,
    id: tx.eventId,
    eventID: tx.eventId,
    projectID: String(tx.projectId),
    groupID: null,
    type: 'transaction',
    title: tx.name,
    transaction: tx.name,
    culprit: tx.name,
    platform: d.platform ?? 'other',
    startTimestamp: tx.startTimestamp / 1000,
    endTimestamp: (tx.startTimestamp + tx.durationMs) / 1000,
    dateCreated: isoDate(tx.startTimestamp + tx.durationMs),
    dateReceived: isoDate(tx.receivedAt),
    tags: eventTags(d),
    measurements: tx.measurements,
    entries: [{ type: 'spans', data: spans.filter((s) => !s.isSegment).map(presentSpan) }],
  };
}
