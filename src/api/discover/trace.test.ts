import { describe, expect, it } from 'vitest';
import type { SpanRow, TransactionRow } from '../../storage/performance-types.js';
import type { Storage } from '../../storage/storage.js';
import type { ProjectRecord } from '../../storage/types.js';
import { buildTrace } from './trace.js';

const tx = (
  eventId: string,
  spanId: string,
  parentSpanId: string | null,
  projectId: number,
  start: number,
): TransactionRow =>
  ({
    eventId,
    spanId,
    parentSpanId,
    projectId,
    kind: 'transaction',
    traceId: 't',
    name: eventId,
    op: 'op',
    status: 'ok',
    startTimestamp: start,
    durationMs: 100,
    measurements: {},
  }) as TransactionRow;
const span = (spanId: string, transactionEventId: string): SpanRow =>
  ({ spanId, transactionEventId }) as SpanRow;
const project = (id: number, slug: string) => ({ id, slug }) as ProjectRecord;

describe('buildTrace', () => {
  it('nests transactions under the transaction owning their parent span, and places errors', async () => {
    // Browser page load (project 1) calls the API (project 2) from its span b2.
    const browser = tx('browser', 'b1', null, 1, 1000);
    const api = tx('api', 'a1', 'b2', 2, 1050);
    const storage = {
      listTraceTransactions: async () => [api, browser],
      listTransactionSpans: async (_p: number, id: string) =>
        id === 'browser' ? [span('b2', 'browser')] : [span('a2', 'api')],
      listTraceErrors: async () => [
        {
          eventId: 'err1',
          projectId: 2,
          issueId: 7,
          timestamp: 1060,
          data: { title: 'DbError', contexts: { trace: { span_id: 'a2' } } },
        },
        {
          eventId: 'err2',
          projectId: 1,
          issueId: 8,
          timestamp: 1070,
          data: { title: 'Lost', contexts: { trace: { span_id: 'zz' } } },
        },
      ],
    } as unknown as Storage;
    const trace = await buildTrace(storage, 't', [project(1, 'web'), project(2, 'api')]);
    expect(trace.transactions).toHaveLength(1);
    const root = trace.transactions[0]!;
    expect(root).toMatchObject({ event_id: 'browser', project_slug: 'web', generation: 0 });
    expect(root.children).toMatchObject([
      { event_id: 'api', parent_event_id: 'browser', generation: 1, project_slug: 'api' },
    ]);
    expect(root.children[0]!.errors).toMatchObject([
      { event_id: 'err1', issue_id: 7, span: 'a2', title: 'DbError' },
    ]);
    expect(trace.orphan_errors).toMatchObject([{ event_id: 'err2' }]);
  });
});
