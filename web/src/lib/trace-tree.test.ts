import { describe, expect, it } from 'vitest';
import type { SpanData, TraceResult, TraceTransaction } from './perf-types';
import { traceCounts, traceRows, traceTransactions } from './trace-tree';

const tx = (
  id: string,
  spanId: string,
  parentSpan: string | null,
  start: number,
  children: TraceTransaction[] = [],
) =>
  ({
    event_id: id,
    project_id: 1,
    project_slug: id === 'api' ? 'shop-api' : 'storefront',
    transaction: id,
    'transaction.op': id === 'api' ? 'http.server' : 'pageload',
    'transaction.duration': 100,
    'transaction.status': 'ok',
    span_id: spanId,
    parent_span_id: parentSpan,
    parent_event_id: null,
    start_timestamp: start,
    timestamp: start + 0.1,
    generation: 0,
    errors: [],
    children,
  }) as TraceTransaction;

const fetchSpan: SpanData = {
  span_id: 'fetch',
  parent_span_id: 'page-root',
  op: 'http.client',
  description: 'GET /api/cart',
  status: 'ok',
  start_timestamp: 10.02,
  timestamp: 10.08,
  exclusive_time: null,
  data: null,
};

function sampleTrace(): TraceResult {
  const api = tx('api', 'api-root', 'fetch', 10.03);
  api.errors.push({
    event_id: 'e1',
    issue_id: 7,
    project_id: 2,
    project_slug: 'shop-api',
    span: 'api-root',
    title: 'Error: boom',
    level: 'error',
    timestamp: 10.05,
  });
  return {
    transactions: [tx('page', 'page-root', null, 10, [api])],
    orphan_errors: [
      {
        event_id: 'e2',
        issue_id: 8,
        project_id: 1,
        project_slug: 'storefront',
        span: null,
        title: 'lost',
        level: 'warning',
        timestamp: 11,
      },
    ],
  };
}

describe('trace tree', () => {
  it('puts the called transaction under the span that called it, and the error inside it', () => {
    const trace = sampleTrace();
    const rows = traceRows(trace, (id) => (id === 'page' ? [fetchSpan] : undefined));
    expect(rows.map((r) => [r.kind, r.label, r.depth])).toEqual([
      ['transaction', 'page', 0],
      ['span', 'GET /api/cart', 1],
      ['transaction', 'api', 2],
      ['error', 'Error: boom', 3],
      ['error', 'lost', 0],
    ]);
    expect(rows[3]).toMatchObject({ issueId: 7, eventId: 'e1', project: 'shop-api' });
    expect(traceCounts(rows)).toEqual({
      transactions: 2,
      spans: 1,
      errors: 2,
      projects: ['shop-api', 'storefront'],
    });
  });

  it('hangs a transaction under its parent transaction until the parent spans arrive', () => {
    const rows = traceRows(sampleTrace(), () => undefined);
    expect(rows.map((r) => [r.label, r.depth])).toEqual([
      ['page', 0],
      ['api', 1],
      ['Error: boom', 2],
      ['lost', 0],
    ]);
  });

  it('lists every transaction once, parents first', () => {
    expect(traceTransactions(sampleTrace()).map((t) => t.event_id)).toEqual(['page', 'api']);
  });
});
