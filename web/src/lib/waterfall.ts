// The span waterfall as data: spans nested by `parent_span_id` under their transaction, flattened
// depth first (children by start time) into rows a list can render, with the bar geometry of each row.
// Span ids come from SDKs, so nothing is trusted: unknown parents, self-parents and cycles all end up
// as children of the transaction rather than vanishing.

import type { SpanData } from './perf-types';

/** What a waterfall row stands for. */
export type RowKind = 'transaction' | 'span' | 'error';

/** One node of the tree before flattening. Times in Unix seconds. */
export interface WaterfallNode {
  kind: RowKind;
  spanId: string | null;
  op: string;
  label: string;
  status: string | null;
  start: number;
  end: number;
  /** Transactions: where they live. Errors: their issue. */
  project?: string;
  eventId?: string;
  issueId?: number;
  level?: string;
  /** The span as sent, for the detail panel. */
  span?: SpanData;
  children: WaterfallNode[];
}

/** A flattened node: `key` is unique in the list, `parentKey` names the row it hangs under. */
export interface WaterfallRow extends Omit<WaterfallNode, 'children'> {
  key: string;
  parentKey: string | null;
  depth: number;
  childCount: number;
}

/** A span as a node (no children yet). */
export function spanNode(span: SpanData): WaterfallNode {
  const start = Number.isFinite(span.start_timestamp) ? span.start_timestamp : 0;
  const end = Number.isFinite(span.timestamp) && span.timestamp >= start ? span.timestamp : start;
  return {
    kind: 'span',
    spanId: span.span_id,
    op: span.op ?? '',
    label: span.description ?? '',
    status: span.status,
    start,
    end,
    span,
    children: [],
  };
}

/**
 * Hangs `spans` under `root` by `parent_span_id` and returns every node by span id (the root's too), so
 * a trace can hang child transactions and errors under the span they belong to.
 */
export function nestSpans(root: WaterfallNode, spans: readonly SpanData[]): Map<string, WaterfallNode> {
  const byId = new Map<string, WaterfallNode>();
  if (root.spanId) byId.set(root.spanId, root);
  const nodes = spans.map(spanNode);
  for (const node of nodes) if (node.spanId && !byId.has(node.spanId)) byId.set(node.spanId, node);
  for (const node of nodes) {
    const parentId = node.span?.parent_span_id;
    const parent = parentId ? byId.get(parentId) : undefined;
    (parent && parent !== node ? parent : root).children.push(node);
  }
  // A cycle (a → b → a) is attached only to itself: find what the root cannot reach and re-hang it.
  const reached = new Set<WaterfallNode>();
  const walk = (n: WaterfallNode) => {
    if (reached.has(n)) return;
    reached.add(n);
    n.children.forEach(walk);
  };
  walk(root);
  for (const node of nodes) {
    if (reached.has(node)) continue;
    for (const other of nodes) other.children = other.children.filter((c) => c !== node);
    root.children.push(node);
    walk(node);
  }
  return byId;
}

/** Depth-first rows, children ordered by start time. A node reached twice is listed once. */
export function flattenTree(roots: readonly WaterfallNode[]): WaterfallRow[] {
  const rows: WaterfallRow[] = [];
  const seen = new Set<WaterfallNode>();
  const visit = (node: WaterfallNode, parentKey: string | null, depth: number) => {
    if (seen.has(node)) return;
    seen.add(node);
    const { children, ...rest } = node;
    const key = `${node.kind}-${rows.length}`;
    rows.push({ ...rest, key, parentKey, depth, childCount: children.length });
    const ordered = [...children].sort((a, b) => a.start - b.start);
    for (const child of ordered) visit(child, key, depth + 1);
  };
  for (const root of [...roots].sort((a, b) => a.start - b.start)) visit(root, null, 0);
  return rows;
}

/** The rows still shown when the rows in `collapsed` (by key) hide their descendants. */
export function visibleRows(rows: readonly WaterfallRow[], collapsed: ReadonlySet<string>): WaterfallRow[] {
  const out: WaterfallRow[] = [];
  let hideBelow: number | null = null;
  for (const row of rows) {
    if (hideBelow !== null && row.depth > hideBelow) continue;
    hideBelow = collapsed.has(row.key) ? row.depth : null;
    out.push(row);
  }
  return out;
}

/** The time the rows cover, in Unix seconds (a zero-length range is widened so bars stay drawable). */
export function timeRange(rows: readonly WaterfallRow[]): { start: number; end: number } {
  if (rows.length === 0) return { start: 0, end: 1 };
  const start = Math.min(...rows.map((r) => r.start));
  const end = Math.max(...rows.map((r) => r.end));
  return { start, end: end > start ? end : start + 0.001 };
}

/** A row's bar as percentages of the range; at least a sliver wide, so instant spans still show. */
export function barGeometry(
  row: Pick<WaterfallRow, 'start' | 'end'>,
  range: { start: number; end: number },
): { left: number; width: number } {
  const total = range.end - range.start;
  const left = ((row.start - range.start) / total) * 100;
  const width = ((row.end - row.start) / total) * 100;
  const clampedLeft = Math.min(Math.max(left, 0), 99.7);
  return { left: clampedLeft, width: Math.min(Math.max(width, 0.3), 100 - clampedLeft) };
}

/** The colour family of an op (`http.client` → `http`), for bars and the breakdown. */
export function opCategory(op: string): string {
  const prefix = op.split('.')[0] ?? '';
  return ['http', 'db', 'browser', 'resource', 'ui', 'pageload', 'navigation', 'cache', 'function'].includes(
    prefix,
  )
    ? prefix
    : 'other';
}
