import { isObject } from '../../protocol/json.js';
import type { TransactionRow } from '../../storage/performance-types.js';
import type { Storage } from '../../storage/storage.js';
import type { ProjectRecord } from '../../storage/types.js';

/** One transaction of a trace, with the errors that happened in it and the transactions it called. */
export interface TraceNode {
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
  start_timestamp: number;
  timestamp: number;
  generation: number;
  errors: TraceError[];
  children: TraceNode[];
}

/** An error event placed in a trace. */
export interface TraceError {
  event_id: string;
  issue_id: number;
  project_id: number;
  project_slug: string;
  span: string | null;
  title: string;
  level: string;
  timestamp: number;
}

/**
 * Sentry's trace view (`events-trace`): every transaction of the trace across the organization's
 * projects as one tree — a transaction is the child of the one owning the span its root's parent id
 * names — with each error under the transaction owning its `contexts.trace.span_id`; the rest are orphans.
 */
export async function buildTrace(
  storage: Storage,
  traceId: string,
  projects: ProjectRecord[],
): Promise<{ transactions: TraceNode[]; orphan_errors: TraceError[] }> {
  const ids = projects.map((p) => p.id);
  const slug = new Map(projects.map((p) => [p.id, p.slug]));
  // Interactions are also spans inside their page load's segment: show them once, there.
  const rows = (await storage.listTraceTransactions(traceId, ids)).filter((t) => t.kind !== 'interaction');
  const owner = new Map<string, TransactionRow>();
  for (const t of rows) {
    owner.set(t.spanId, t);
    for (const s of await storage.listTransactionSpans(t.projectId, t.eventId)) owner.set(s.spanId, t);
  }
  const nodes = new Map<string, TraceNode>();
  for (const t of rows) {
    nodes.set(t.eventId, {
      event_id: t.eventId,
      project_id: t.projectId,
      project_slug: slug.get(t.projectId) ?? '',
      transaction: t.name,
      'transaction.op': t.op,
      'transaction.duration': t.durationMs,
      'transaction.status': t.status,
      span_id: t.spanId,
      parent_span_id: t.parentSpanId,
      parent_event_id: null,
      start_timestamp: t.startTimestamp / 1000,
      timestamp: (t.startTimestamp + t.durationMs) / 1000,
      generation: 0,
      errors: [],
      children: [],
    });
  }
  const roots: TraceNode[] = [];
  for (const t of rows) {
    const node = nodes.get(t.eventId)!;
    const parent = t.parentSpanId ? owner.get(t.parentSpanId) : undefined;
    if (parent && parent.eventId !== t.eventId) {
      node.parent_event_id = parent.eventId;
      nodes.get(parent.eventId)!.children.push(node);
    } else {
      roots.push(node);
    }
  }
  const orphans: TraceError[] = [];
  for (const e of await storage.listTraceErrors(traceId, ids)) {
    const trace = isObject(e.data.contexts) && isObject(e.data.contexts.trace) ? e.data.contexts.trace : {};
    const span = typeof trace.span_id === 'string' ? trace.span_id : null;
    const error: TraceError = {
      event_id: e.eventId,
      issue_id: e.issueId,
      project_id: e.projectId,
      project_slug: slug.get(e.projectId) ?? '',
      span,
      title: typeof e.data.title === 'string' ? e.data.title : '',
      level: typeof e.data.level === 'string' ? e.data.level : 'error',
      timestamp: e.timestamp / 1000,
    };
    const t = span ? owner.get(span) : undefined;
    if (t) nodes.get(t.eventId)!.errors.push(error);
    else orphans.push(error);
  }
  const setGeneration = (node: TraceNode, generation: number): void => {
    node.generation = generation;
    node.children.sort((a, b) => a.start_timestamp - b.start_timestamp);
    for (const child of node.children) setGeneration(child, generation + 1);
  };
  roots.sort((a, b) => a.start_timestamp - b.start_timestamp);
  for (const root of roots) setGeneration(root, 0);
  return { transactions: roots, orphan_errors: orphans };
}
