// Defensive readers over a transaction event (`type: "transaction"` from the event route): its spans,
// its root span (`contexts.trace`), its trace id, and the web vitals it measured.

import { asRecord, asText, traceIdOf } from './event-data';
import type { SpanData, TransactionEvent } from './perf-types';
import { flattenTree, nestSpans, type WaterfallNode, type WaterfallRow } from './waterfall';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The `spans` entry, each span checked; spans without usable times are left out. */
export function readSpans(event: Pick<TransactionEvent, 'entries'>): SpanData[] {
  const data = event.entries.find((e) => e.type === 'spans')?.data;
  if (!Array.isArray(data)) return [];
  return data.flatMap((raw): SpanData[] => {
    const s = asRecord(raw);
    const spanId = s && asText(s.span_id);
    const start = s && num(s.start_timestamp);
    if (!s || !spanId || start === null) return [];
    return [
      {
        span_id: spanId,
        parent_span_id: asText(s.parent_span_id),
        op: asText(s.op),
        description: asText(s.description),
        status: asText(s.status),
        start_timestamp: start,
        timestamp: num(s.timestamp) ?? start,
        exclusive_time: num(s.exclusive_time),
        data: asRecord(s.data),
      },
    ];
  });
}

/** The transaction's own span (`contexts.trace`). */
export function traceContext(event: Pick<TransactionEvent, 'contexts'>): {
  traceId: string | null;
  spanId: string | null;
  op: string;
  status: string;
} {
  const trace = asRecord(event.contexts?.trace) ?? {};
  return {
    traceId: traceIdOf(event),
    spanId: asText(trace.span_id),
    op: asText(trace.op) ?? 'default',
    status: asText(trace.status) ?? 'unknown',
  };
}

/** The transaction as the root node of its waterfall. */
export function eventRootNode(event: TransactionEvent): WaterfallNode {
  const trace = traceContext(event);
  return {
    kind: 'transaction',
    spanId: trace.spanId,
    op: trace.op,
    label: event.transaction,
    status: trace.status,
    start: event.startTimestamp,
    end: Math.max(event.endTimestamp, event.startTimestamp),
    eventId: event.eventID,
    children: [],
  };
}

/** The waterfall rows of one transaction: its root, then its spans nested. */
export function eventRows(event: TransactionEvent): WaterfallRow[] {
  const root = eventRootNode(event);
  nestSpans(root, readSpans(event));
  return flattenTree([root]);
}

/** The measurements with a numeric value, by name. */
export function readMeasurements(event: Pick<TransactionEvent, 'measurements'>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, m] of Object.entries(event.measurements ?? {})) {
    const value = num(asRecord(m)?.value);
    if (value !== null) out[name] = value;
  }
  return out;
}

/** The release as text, whether the route sent a string or `{version}`. */
export function releaseOf(event: Pick<TransactionEvent, 'release'>): string | null {
  const r = event.release;
  if (typeof r === 'string') return r;
  return asText(asRecord(r)?.version);
}
