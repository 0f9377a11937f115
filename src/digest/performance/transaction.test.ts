import { describe, expect, it } from 'vitest';
import { MAX_SPANS_PER_TRANSACTION, processTransaction, processTransactionUnguarded } from './transaction.js';
import type { PerformanceContext } from './types.js';

const NOW = Date.parse('2026-11-21T06:00:00Z');
const T = NOW / 1000;
const TRACE = '0123456789abcdef0123456789abcdef';
const ctx = (extra: Partial<PerformanceContext> = {}): PerformanceContext => ({
  projectId: 7,
  receivedAt: NOW,
  clientIp: '198.51.100.9',
  userAgent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  ...extra,
});

/** A browser page-load transaction as the JS SDK v7–v10 sends it. */
function pageload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    type: 'transaction',
    platform: 'javascript',
    transaction: '/users/123/orders/550e8400-e29b-41d4-a716-446655440000',
    transaction_info: { source: 'url' },
    start_timestamp: T - 2,
    timestamp: T - 1,
    contexts: { trace: { trace_id: TRACE, span_id: '1111111111111111', op: 'pageload', status: 'ok' } },
    request: {
      url: 'https://shop.example/users/123/orders/x?tab=2',
      headers: { 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0' },
    },
    measurements: {
      lcp: { value: 2600, unit: 'millisecond' },
      cls: { value: 0.12, unit: '' },
      'ttfb.requestTime': { value: 30, unit: 'millisecond' },
      'connection.rtt': { value: 50 },
    },
    sdk: { name: 'sentry.javascript.browser', version: '8.0.0', settings: { infer_ip: 'auto' } },
    user: { email: 'a@example.com' },
    spans: [
      {
        span_id: '2222222222222222',
        parent_span_id: '1111111111111111',
        op: 'resource.script',
        start_timestamp: T - 1.9,
        timestamp: T - 1.5,
      },
      {
        span_id: '3333333333333333',
        parent_span_id: '1111111111111111',
        op: 'http.client',
        start_timestamp: T - 1.8,
        timestamp: T - 1.6,
        status: 'not_found',
        data: { 'http.response.status_code': 404 },
      },
      { span_id: '4444444444444444', op: 'browser.paint', start_timestamp: T - 1.95 }, // no end, no parent
    ],
    ...overrides,
  };
}

describe('processTransaction', () => {
  it('parameterises URL names and marks them sanitized', () => {
    const { transaction: tx } = processTransactionUnguarded(pageload(), ctx());
    expect(tx.name).toBe('/users/*/orders/*');
    expect(tx.nameSource).toBe('sanitized');
    expect(tx.data['transaction']).toBe('/users/*/orders/*');
    expect(new Map(tx.tags).get('transaction')).toBe('/users/*/orders/*');
  });

  it('names a server transaction called by its method alone after its path, parameterised', () => {
    const server = (trace: Record<string, unknown>, request?: Record<string, unknown>) =>
      pageload({
        transaction: 'GET',
        transaction_info: { source: 'route' },
        contexts: { trace: { trace_id: TRACE, span_id: '1111111111111111', op: 'http.server', ...trace } },
        request,
        sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
      });
    const fromPath = processTransactionUnguarded(server({ data: { 'url.path': '/orders/12345' } }), ctx());
    expect(fromPath.transaction).toMatchObject({ name: 'GET /orders/*', nameSource: 'sanitized' });
    expect(new Map(fromPath.transaction.tags).get('transaction')).toBe('GET /orders/*');
    const fromTarget = server({ data: { 'http.target': '/orders/12345?x=1' } });
    expect(processTransactionUnguarded(fromTarget, ctx()).transaction.name).toBe('GET /orders/*');
    const fromRequest = server({}, { url: 'http://api.example/items/98765?page=2', method: 'GET' });
    expect(processTransactionUnguarded(fromRequest, ctx()).transaction.name).toBe('GET /items/*');
    // No path anywhere: the method stays the name; a longer name is never touched.
    expect(processTransactionUnguarded(server({}), ctx()).transaction.name).toBe('GET');
    const named = { ...server({ data: { 'url.path': '/orders/1' } }), transaction: 'GET orders' };
    expect(processTransactionUnguarded(named, ctx()).transaction.name).toBe('GET orders');
  });

  it('treats a sourceless slash name from a raw-URL SDK as a URL, like Relay', () => {
    const raw = pageload({ transaction_info: undefined, transaction: '/items/98765' });
    expect(processTransactionUnguarded(raw, ctx()).transaction).toMatchObject({
      name: '/items/*',
      nameSource: 'sanitized',
    });
    const python = { ...raw, sdk: { name: 'sentry.python' } };
    expect(processTransactionUnguarded(python, ctx()).transaction).toMatchObject({
      name: '/items/98765',
      nameSource: 'unknown',
    });
  });

  it('normalises measurements: lowercase names, built-in units, custom ones none', () => {
    const { transaction: tx } = processTransactionUnguarded(pageload(), ctx());
    expect(tx.measurements).toEqual({
      lcp: { value: 2600, unit: 'millisecond' },
      cls: { value: 0.12, unit: 'none' },
      'ttfb.requesttime': { value: 30, unit: 'millisecond' },
      'connection.rtt': { value: 50, unit: 'none' },
    });
  });

  it('reads request, user, browser and http fields', () => {
    const { transaction: tx } = processTransactionUnguarded(pageload(), ctx());
    expect(tx).toMatchObject({
      url: 'https://shop.example/users/123/orders/x',
      userEmail: 'a@example.com',
      userIp: '198.51.100.9', // infer_ip: auto
      userKey: 'email:a@example.com',
      browserName: 'Firefox', // the request's own User-Agent wins over the ingest request's
      osName: 'Linux',
      platform: 'javascript',
    });
    const server = processTransactionUnguarded(
      pageload({
        contexts: {
          trace: {
            trace_id: TRACE,
            span_id: '1111111111111111',
            op: 'http.server',
            status: 'internal_error',
          },
          response: { status_code: 500 },
        },
        request: { url: '/api', method: 'post' },
        transaction_info: { source: 'route' },
        transaction: 'POST /api',
      }),
      ctx(),
    ).transaction;
    expect(server).toMatchObject({
      httpMethod: 'POST',
      httpStatusCode: 500,
      status: 'internal_error',
      name: 'POST /api',
    });
    expect(new Map(server.tags).get('http.status_code')).toBe('500');
    expect(new Map(server.tags).get('http.method')).toBe('POST');
  });

  it('repairs spans: default parent, unfinished spans ended with the transaction', () => {
    const { spans, transaction: tx } = processTransactionUnguarded(pageload(), ctx());
    expect(spans.map((s) => s.spanId)).toEqual([
      '1111111111111111',
      '4444444444444444',
      '2222222222222222',
      '3333333333333333',
    ]);
    const paint = spans[1]!;
    expect(paint).toMatchObject({ parentSpanId: '1111111111111111', status: 'deadline_exceeded' });
    expect(paint.endTimestamp).toBe(tx.endTimestamp);
    expect(spans[3]).toMatchObject({ status: 'not_found', op: 'http.client' });
    // browser: [−1.95, −1] = 950 ms; resource: 400 ms; http: 200 ms
    expect(tx.breakdown).toEqual({ 'ops.http': 200, 'ops.browser': 950, 'ops.resource': 400 });
  });

  it('repairs a missing trace context and status', () => {
    const { transaction: tx, spans } = processTransactionUnguarded(
      { type: 'transaction', transaction: 'job', start_timestamp: T - 1, timestamp: T },
      ctx({ eventId: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }),
    );
    expect(tx).toMatchObject({
      eventId: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      traceId: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      status: 'unknown',
      op: 'default',
      nameSource: 'unknown',
      durationMs: 1000,
    });
    expect(tx.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ isSegment: true, spanId: tx.spanId, exclusiveTimeMs: 1000 });
  });

  it('takes the trace id, release, environment, name and replay id from the envelope trace header', () => {
    const { transaction: tx } = processTransactionUnguarded(
      { type: 'transaction', start_timestamp: T - 1, timestamp: T },
      ctx({
        trace: {
          trace_id: TRACE,
          release: 'web@2',
          environment: 'prod',
          transaction: 'checkout',
          replay_id: 'B524AF63F5F14693937C1962EFDE5759',
        },
      }),
    );
    expect(tx).toMatchObject({
      traceId: TRACE,
      release: 'web@2',
      environment: 'prod',
      name: 'checkout',
      replayId: 'b524af63f5f14693937c1962efde5759',
    });
    expect(tx.data['contexts']).toMatchObject({ replay: { replay_id: 'b524af63f5f14693937c1962efde5759' } });
    expect(new Map(tx.tags).get('replayId')).toBe('b524af63f5f14693937c1962efde5759');
  });

  it('corrects clock drift and re-dates far-off times keeping the duration', () => {
    // Client clock 2 h behind: sent_at says 04:00, received at 06:00.
    const drifted = processTransactionUnguarded(
      pageload({
        start_timestamp: T - 7200 - 2,
        timestamp: T - 7200 - 1,
        spans: [
          {
            span_id: '2222222222222222',
            op: 'db',
            start_timestamp: T - 7200 - 1.9,
            timestamp: T - 7200 - 1.5,
          },
        ],
      }),
      ctx({ sentAt: NOW - 7200 * 1000 }),
    );
    expect(drifted.transaction.endTimestamp).toBe(NOW - 1000);
    expect(drifted.spans[1]!.startTimestamp).toBe(NOW - 1900);
    // A year in the past without sent_at: moved to the receive time, duration kept.
    const old = processTransactionUnguarded(
      pageload({ start_timestamp: T - 3e7 - 5, timestamp: T - 3e7 }),
      ctx(),
    );
    expect(old.transaction.endTimestamp).toBe(NOW);
    expect(old.transaction.durationMs).toBe(5000);
    // End before start: duration 0.
    expect(
      processTransactionUnguarded(pageload({ start_timestamp: T, timestamp: T - 5 }), ctx()).transaction
        .durationMs,
    ).toBe(0);
  });

  it(`keeps at most ${MAX_SPANS_PER_TRANSACTION} spans, the earliest`, () => {
    const spans = Array.from({ length: 1500 }, (_, i) => ({
      span_id: (0x1000000000000 + i).toString(16).padStart(16, '0'),
      op: 'db',
      start_timestamp: T - 1.5 + (1499 - i) / 10000,
      timestamp: T - 1.01,
    }));
    spans.push({ span_id: 'not-an-id', op: 'db', start_timestamp: T - 1.5, timestamp: T - 1 });
    const result = processTransactionUnguarded(pageload({ spans }), ctx());
    expect(result.spans).toHaveLength(MAX_SPANS_PER_TRANSACTION + 1);
    expect(result.droppedSpans).toBe(501);
    // the kept ones are those starting first: i = 1499 down to 500
    expect(result.spans[1]!.spanId).toBe((0x1000000000000 + 1499).toString(16).padStart(16, '0'));
  });

  it('bounds strings and span data', () => {
    const big = 'x'.repeat(100_000);
    const { transaction: tx, spans } = processTransactionUnguarded(
      pageload({
        transaction: big,
        transaction_info: { source: 'custom' },
        spans: [
          {
            span_id: '2222222222222222',
            op: big,
            description: big,
            start_timestamp: T - 1.5,
            timestamp: T - 1.2,
            data: { big },
          },
          {
            span_id: '3333333333333333',
            start_timestamp: T - 1.5,
            timestamp: T - 1.2,
            data: { a: { b: { c: { d: { e: 1 } } } } },
          },
        ],
      }),
      ctx(),
    );
    expect(tx.name.length).toBeLessThanOrEqual(200);
    expect(spans[1]!.op.length).toBeLessThanOrEqual(128);
    expect(spans[1]!.description!.length).toBeLessThanOrEqual(2000);
    expect(JSON.stringify(spans[1]!.data).length).toBeLessThan(20_000);
    expect(JSON.stringify(spans[2]!.data)).toContain('[max depth]');
  });

  it('never throws, even on a hostile object', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    const result = processTransaction(hostile, ctx({ eventId: 'cccccccccccccccccccccccccccccccc' }));
    expect(result.transaction).toMatchObject({
      eventId: 'cccccccccccccccccccccccccccccccc',
      name: '<unlabeled transaction>',
    });
    expect(result.spans).toEqual([]);
  });
});
