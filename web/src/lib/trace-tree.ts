// A trace as one tree: each transaction with its own spans nested under it, a called transaction under
// the span that called it (its `parent_span_id`), and each error under the span it happened in. The
// server's `events-trace` already links transactions to their parents; the spans come from each
// transaction's event, fetched separately, so a transaction whose spans have not arrived shows alone.

import type { SpanData, TraceError, TraceResult, TraceTransaction } from './perf-types';
import { flattenTree, nestSpans, type WaterfallNode, type WaterfallRow } from './waterfall';

/** A transaction of the trace as a node. */
export function transactionNode(t: TraceTransaction): WaterfallNode {
  return {
    kind: 'transaction',
    spanId: t.span_id,
    op: t['transaction.op'],
    label: t.transaction,
    status: t['transaction.status'],
    start: t.start_timestamp,
    end: Math.max(t.timestamp, t.start_timestamp),
    project: t.project_slug,
    eventId: t.event_id,
    children: [],
  };
}

/** An error as a (zero-length) node at the time it happened. */
export function errorNode(e: TraceError): WaterfallNode {
  return {
    kind: 'error',
    spanId: null,
    op: e.level,
    label: e.title,
    status: null,
    start: e.timestamp,
    end: e.timestamp,
    project: e.project_slug,
    eventId: e.event_id,
    issueId: e.issue_id,
    level: e.level,
    children: [],
  };
}

/** Every transaction of the trace, parents before children. */
export function traceTransactions(trace: TraceResult): TraceTransaction[] {
  const out: TraceTransaction[] = [];
  const seen = new Set<string>();
  const visit = (t: TraceTransaction) => {
    if (seen.has(t.event_id)) return;
    seen.add(t.event_id);
    out.push(t);
    t.children.forEach(visit);
  };
  trace.transactions.forEach(visit);
  return out;
}

/**
 * The trace's rows. `spansOf(eventId)` gives a transaction's spans when its event has loaded (else
 * undefined: the transaction shows without them). Orphan errors come last, as roots of their own.
 */
export function traceRows(
  trace: TraceResult,
  spansOf: (eventId: string) => readonly SpanData[] | undefined,
): WaterfallRow[] {
  const build = (t: TraceTransaction): WaterfallNode => {
    const node = transactionNode(t);
    const bySpan = nestSpans(node, spansOf(t.event_id) ?? []);
    for (const child of t.children) {
      const parent = (child.parent_span_id && bySpan.get(child.parent_span_id)) || node;
      parent.children.push(build(child));
    }
    for (const e of t.errors) ((e.span && bySpan.get(e.span)) || node).children.push(errorNode(e));
    return node;
  };
  return flattenTree([...trace.transactions.map(build), ...trace.orphan_errors.map(errorNode)]);
}

/** Counts for the trace header. */
export function traceCounts(rows: readonly WaterfallRow[]): {
  transactions: number;
  spans: number;
  errors: number;
  projects: string[];
} {
  const projects = new Set<string>();
  let transactions = 0;
  let spans = 0;
  let errors = 0;
  for (const r of rows) {
    if (r.kind === 'transaction') transactions++;
    else if (r.kind === 'span') spans++;
    else errors++;
    if (r.project) projects.add(r.project);
  }
  return { transactions, spans, errors, projects: [...projects].sort() };
}
