import { describe, expect, it } from 'vitest';
import { segmentEventId } from './ids.js';
import { MAX_SPANS_PER_ITEM, processSpanItems, processSpanItemsUnguarded } from './span-container.js';
import type { PerformanceContext } from './types.js';

const NOW = Date.parse('2026-11-21T06:00:00Z');
const T = NOW / 1000;
const TRACE = 'abcdefabcdefabcdefabcdefabcdef01';
const ctx = (extra: Partial<PerformanceContext> = {}): PerformanceContext => ({
  projectId: 9,
  receivedAt: NOW,
  clientIp: '198.51.100.9',
  userAgent:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  ...extra,
});
const attrs = (o: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(o).map(([k, v]) => [
      k,
      { value: v, type: typeof v === 'number' ? 'double' : typeof v === 'boolean' ? 'boolean' : 'string' },
    ]),
  );
const id = (n: number) => n.toString(16).padStart(16, '0');

describe('legacy standalone spans (JS SDK v8–v10)', () => {
  it('turns a root INP span into an interaction named after its page', () => {
    const span = {
      data: {
        'sentry.exclusive_time': 80,
        'sentry.op': 'ui.interaction.click',
        'sentry.origin': 'auto.http.browser.inp',
        transaction: '/users/123/profile',
        'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0 Safari/537.36',
      },
      measurements: { inp: { unit: 'millisecond', value: 80 } },
      description: 'body > button.save',
      exclusive_time: 80,
      op: 'ui.interaction.click',
      origin: 'auto.http.browser.inp',
      is_segment: true,
      segment_id: id(0xa1),
      span_id: id(0xa1),
      start_timestamp: T - 5,
      timestamp: T - 4.92,
      trace_id: TRACE,
    };
    const result = processSpanItemsUnguarded(
      span,
      ctx({ sdk: { name: 'sentry.javascript.browser' }, trace: { release: 'web@1', environment: 'prod' } }),
    );
    expect(result.segments).toHaveLength(1);
    expect(result.segments[0]).toMatchObject({
      kind: 'interaction',
      eventId: segmentEventId(TRACE, id(0xa1)),
      name: '/users/*/profile', // raw page URL from a raw-URL SDK
      nameSource: 'sanitized',
      op: 'ui.interaction.click',
      measurements: { inp: { value: 80, unit: 'millisecond' } },
      release: 'web@1',
      environment: 'prod',
      platform: 'javascript',
      browserName: 'Chrome',
      durationMs: 80,
    });
    expect(result.spans).toEqual([
      expect.objectContaining({
        spanId: id(0xa1),
        isSegment: true,
        exclusiveTimeMs: 80,
        description: 'body > button.save',
      }),
    ]);
  });

  it('sends a CLS span that is a child of the page load to its segment', () => {
    const span = {
      op: 'ui.webvital.cls',
      description: 'Layout shift',
      span_id: id(0xb1),
      parent_span_id: id(0xb0),
      segment_id: id(0xb0),
      trace_id: TRACE,
      start_timestamp: T - 3,
      timestamp: T - 3,
      measurements: { cls: { value: 0.31, unit: '' } },
    };
    const result = processSpanItemsUnguarded(span, ctx());
    expect(result.segments).toEqual([]);
    expect(result.measurements).toEqual([
      {
        projectId: 9,
        traceId: TRACE,
        segmentSpanId: id(0xb0),
        transactionEventId: segmentEventId(TRACE, id(0xb0)),
        name: 'cls',
        measurement: { value: 0.31, unit: 'none' },
        sourceSpanId: id(0xb1),
        receivedAt: NOW,
      },
    ]);
    expect(result.spans[0]).toMatchObject({ segmentId: id(0xb0), isSegment: false, status: 'unknown' });
  });
});

describe('v2 containers', () => {
  it('resolves segments through parents when sentry.segment.id is missing', () => {
    const items = [
      {
        span_id: id(3),
        parent_span_id: id(2),
        trace_id: TRACE,
        name: 'leaf',
        start_timestamp: T - 1,
        end_timestamp: T - 0.9,
        is_segment: false,
      },
      {
        span_id: id(2),
        parent_span_id: id(1),
        trace_id: TRACE,
        name: 'mid',
        start_timestamp: T - 1,
        end_timestamp: T - 0.8,
        is_segment: false,
      },
      {
        span_id: id(1),
        trace_id: TRACE,
        name: 'GET /users/:id',
        start_timestamp: T - 1.2,
        end_timestamp: T - 0.5,
        is_segment: true,
        status: 'error',
        attributes: attrs({
          'sentry.op': 'http.server',
          'sentry.segment.name.source': 'route',
          'http.request.method': 'get',
          'http.response.status_code': 404,
          'url.full': 'https://api.example/users/7?x=1',
        }),
      },
      // orphan whose parent is in another envelope: that parent is taken as its segment
      {
        span_id: id(9),
        parent_span_id: id(8),
        trace_id: TRACE,
        name: 'orphan',
        start_timestamp: T - 1,
        end_timestamp: T - 0.9,
      },
    ];
    const { spans, segments, dropped } = processSpanItemsUnguarded({ version: 2, items }, ctx());
    expect(dropped).toBe(0);
    expect(spans.map((s) => [s.description, s.segmentId, s.isSegment])).toEqual([
      ['leaf', id(1), false],
      ['mid', id(1), false],
      ['GET /users/:id', id(1), true],
      ['orphan', id(8), false],
    ]);
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({
      name: 'GET /users/:id',
      nameSource: 'route',
      op: 'http.server',
      status: 'not_found', // v2 "error" + HTTP 404
      httpMethod: 'GET',
      httpStatusCode: 404,
      url: 'https://api.example/users/7',
      durationMs: 700,
    });
    expect(spans[2]!.status).toBe('not_found');
  });

  it('names a page load from url.path when the SDK sent its placeholder', () => {
    const items = [
      {
        span_id: id(1),
        trace_id: TRACE,
        name: 'Navigation',
        start_timestamp: T - 2,
        end_timestamp: T - 1,
        is_segment: true,
        attributes: attrs({
          'sentry.op': 'navigation',
          'sentry.segment.name.source': 'url',
          'url.path': '/orders/12345',
        }),
      },
    ];
    expect(processSpanItemsUnguarded({ version: 2, items }, ctx()).segments[0]).toMatchObject({
      name: '/orders/*',
      nameSource: 'sanitized',
    });
  });

  it('names a server segment called by its method alone after url.path (@sentry/node 11, no router)', () => {
    // As @sentry/node 11.12 sends a plain `http.createServer` request (recorded live): name `GET`,
    // source `url`, the path in `url.path`, the query apart in `url.query`.
    const server = (extra: Record<string, unknown>) => ({
      version: 2,
      items: [
        {
          span_id: id(1),
          trace_id: TRACE,
          name: 'GET',
          start_timestamp: T - 2,
          end_timestamp: T - 1,
          is_segment: true,
          attributes: attrs({ 'sentry.op': 'http.server', 'http.request.method': 'GET', ...extra }),
        },
      ],
    });
    const modern = server({
      'sentry.segment.name.source': 'url',
      'url.path': '/orders/12345',
      'url.query': 'x=1',
      'url.full': 'http://127.0.0.1:41613/orders/12345?x=1',
    });
    expect(processSpanItemsUnguarded(modern, ctx()).segments[0]).toMatchObject({
      name: 'GET /orders/*',
      nameSource: 'sanitized',
    });
    const legacy = server({ 'http.target': '/users/42/cart?y=2' });
    expect(processSpanItemsUnguarded(legacy, ctx()).segments[0]!.name).toBe('GET /users/*/cart');
    expect(processSpanItemsUnguarded(server({}), ctx()).segments[0]!.name).toBe('GET');
  });

  it('drops duplicates and unreadable spans, caps the item, and counts them', () => {
    const good = {
      span_id: id(1),
      trace_id: TRACE,
      name: 'a',
      start_timestamp: T - 1,
      end_timestamp: T,
      is_segment: true,
    };
    const items: unknown[] = [
      good,
      good,
      { span_id: 'nope', trace_id: TRACE },
      { span_id: id(2), trace_id: TRACE },
      null,
      5,
    ];
    expect(processSpanItemsUnguarded({ items }, ctx())).toMatchObject({ dropped: 5 });
    const many = Array.from({ length: MAX_SPANS_PER_ITEM + 10 }, (_, i) => ({
      span_id: id(i + 1),
      parent_span_id: id(0xffff),
      trace_id: TRACE,
      start_timestamp: T - 1,
      end_timestamp: T,
    }));
    const capped = processSpanItemsUnguarded({ version: 2, items: many }, ctx());
    expect(capped.spans).toHaveLength(MAX_SPANS_PER_ITEM);
    expect(capped.dropped).toBe(10);
  });

  it('takes the trace id from the envelope header when spans omit it', () => {
    const items = [{ span_id: id(1), name: 'x', start_timestamp: T - 1, end_timestamp: T, is_segment: true }];
    const result = processSpanItemsUnguarded({ items }, ctx({ trace: { trace_id: TRACE.toUpperCase() } }));
    expect(result.spans[0]!.traceId).toBe(TRACE);
  });

  it('bounds attribute data per span', () => {
    const items = [
      {
        span_id: id(1),
        trace_id: TRACE,
        start_timestamp: T - 1,
        end_timestamp: T,
        is_segment: true,
        attributes: {
          big: { value: 'x'.repeat(200_000), type: 'string' },
          ...(JSON.parse('{"__proto__": {"value": {"polluted": true}, "type": "object"}}') as object),
        },
      },
    ];
    const { spans, segments } = processSpanItemsUnguarded({ items }, ctx());
    expect(JSON.stringify(spans[0]!.data).length).toBeLessThan(20_000);
    expect(JSON.stringify(segments[0]!.data).length).toBeLessThan(100_000);
    expect(Object.getPrototypeOf(spans[0]!.data)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('keeps attributes named like object methods as data, not as measurements', () => {
    // `toString` used to find Object.prototype's function as a measurement name and lose the item.
    const items = [
      {
        span_id: id(1),
        trace_id: TRACE,
        start_timestamp: T - 1,
        end_timestamp: T,
        is_segment: true,
        attributes: attrs({ toString: 'x', constructor: 1, hasOwnProperty: true }),
      },
    ];
    const result = processSpanItemsUnguarded({ items }, ctx());
    expect(result.dropped).toBe(0);
    expect(result.spans[0]!.data).toEqual({ toString: 'x', constructor: 1, hasOwnProperty: true });
    expect(result.segments[0]!.measurements).toEqual({});
  });

  it('gives every span of a segment the segment’s event id', () => {
    const span = (n: number, parent: number | null, segment: number) => ({
      span_id: id(n),
      trace_id: TRACE,
      parent_span_id: parent === null ? undefined : id(parent),
      start_timestamp: T - 1,
      end_timestamp: T,
      is_segment: n === segment,
      attributes: attrs({ 'sentry.segment.id': id(segment) }),
    });
    const items = [span(1, null, 1), span(2, 1, 1), span(3, null, 3), span(4, 3, 3), span(5, 1, 1)];
    const { spans } = processSpanItemsUnguarded({ items }, ctx());
    expect(spans.map((s) => s.transactionEventId)).toEqual(
      [1, 1, 3, 3, 1].map((n) => segmentEventId(TRACE, id(n))),
    );
  });

  it('yields nothing, without throwing, for payloads that are not spans', () => {
    for (const payload of [
      null,
      undefined,
      42,
      'spans',
      [],
      {},
      { items: 'x' },
      { version: 2, items: [[]] },
    ]) {
      expect(() => processSpanItemsUnguarded(payload, ctx())).not.toThrow();
      const result = processSpanItems(payload, ctx());
      expect(result.spans).toEqual([]);
      expect(result.segments).toEqual([]);
    }
  });
});
