/**
 * Golden tests on real SDK recordings: the Python SDK's `transaction` item, the Node SDK's v2 span
 * container and the browser SDK's v2 containers (page loads, web vitals, INP).
 */
import { describe, expect, it } from 'vitest';
import { loadRecording } from '../../../test/fixtures.js';
import { opBreakdown, percentile } from '../../perf/math.js';
import { performanceScore } from '../../perf/vitals.js';
import { parseEnvelope } from '../../protocol/envelope.js';
import { segmentEventId } from './ids.js';
import { processSpanItems, processSpanItemsUnguarded } from './span-container.js';
import { processTransaction, processTransactionUnguarded } from './transaction.js';
import type { PerformanceContext } from './types.js';

const CLIENT_IP = '203.0.113.7';

/** Items of `type` in a recording, parsed, with the context the digest builds from the envelope. */
function loadItems(file: string, type: string): { payloads: unknown[]; ctx: PerformanceContext } {
  const rec = loadRecording(file);
  const envelope = parseEnvelope(rec.body);
  const h = envelope.headers;
  const sentAt = typeof h['sent_at'] === 'string' ? Date.parse(h['sent_at']) : undefined;
  const ctx: PerformanceContext = {
    projectId: 3,
    // received 40 ms after it was sent, by a server whose clock agrees with the client's
    receivedAt: (sentAt ?? Date.parse('2026-11-21T05:50:00Z')) + 40,
    clientIp: CLIENT_IP,
    userAgent: rec.headers['user-agent'] ?? null,
  };
  if (sentAt !== undefined) ctx.sentAt = sentAt;
  if (typeof h['event_id'] === 'string') ctx.eventId = h['event_id'];
  if (h['trace'] && typeof h['trace'] === 'object') ctx.trace = h['trace'] as Record<string, unknown>;
  if (h['sdk'] && typeof h['sdk'] === 'object') ctx.sdk = h['sdk'] as Record<string, unknown>;
  const payloads = envelope.items
    .filter((item) => item.headers.type === type)
    .map((item) => JSON.parse(item.payload.toString('utf8')) as unknown);
  return { payloads, ctx };
}

const spanItems = (file: string) => {
  const { payloads, ctx } = loadItems(file, 'span');
  expect(payloads).toHaveLength(1);
  const result = processSpanItemsUnguarded(payloads[0], ctx);
  expect(processSpanItems(payloads[0], ctx)).toEqual(result);
  return result;
};

const PAGE1_TRACE = 'cd780e6e472d4262bf95052df6b9c4df';
const PAGE1_SPAN = '8b48eeee1dee77e9';
const PAGE1_EVENT = segmentEventId(PAGE1_TRACE, PAGE1_SPAN);

describe('python 1.9.10 transaction item', () => {
  const { payloads, ctx } = loadItems('python-1.9.10/003.json', 'transaction');
  const raw = payloads[0] as Record<string, unknown>;
  const { transaction: tx, spans, droppedSpans } = processTransactionUnguarded(raw, ctx);

  it('reads the transaction', () => {
    expect(processTransaction(raw, ctx).transaction).toEqual(tx);
    expect(tx).toMatchObject({
      eventId: 'b0f9aad54d044f908460864841cb6eb8',
      kind: 'transaction',
      traceId: '4c313f3949cc4fffaa0d6ec0383fb3a8',
      spanId: '999df0204376a480',
      parentSpanId: null,
      name: 'checkout-transaction',
      nameSource: 'custom',
      nameFromEventId: null,
      op: 'task',
      status: 'unknown', // contexts.trace has no status
      release: 'capture-python@1.2.3',
      environment: 'staging',
      platform: 'python',
      userKey: 'id:42',
      userId: '42',
      userEmail: 'alice@example.com',
      userName: 'alice',
      userIp: null, // Python does not ask for IP inference
      replayId: null,
      measurements: {},
    });
    // 05:47:23.720390 − 05:47:23.689572 = 0.030818 s
    expect(tx.durationMs).toBe(30.818);
    expect(tx.startTimestamp).toBe(Date.parse('2026-11-21T05:47:23.690Z'));
    expect(tx.endTimestamp).toBe(Date.parse('2026-11-21T05:47:23.720Z'));
  });

  it('keeps the spans, root first, with exclusive times and the breakdown', () => {
    expect(droppedSpans).toBe(0);
    expect(spans).toHaveLength(5);
    expect(spans.map((s) => [s.op, s.description, s.isSegment])).toEqual([
      ['task', 'checkout-transaction', true],
      ['db.query', 'load cart', false],
      ['http', 'POST http://127.0.0.1:9777/api/2/envelope/', false],
      ['function', 'compute totals', false],
      ['cache.get', 'tax lookup', false],
    ]);
    for (const s of spans) {
      expect(s.segmentId).toBe('999df0204376a480');
      expect(s.transactionEventId).toBe(tx.eventId);
    }
    // http span: status from its tags (Python 1.x), data kept
    expect(spans[2]).toMatchObject({ status: 'ok', parentSpanId: '957344f79f8f53a9', durationMs: 5.905 });
    expect(spans[2]!.data).toMatchObject({ method: 'POST', status_code: 200 });
    expect(spans[2]!.tags).toContainEqual(['http.status_code', '200']);
    // load cart 15.143 ms minus its http child 5.905 = 9.238; compute totals 15.365 − 5.122 = 10.243;
    // root 30.818 − (15.143 + 15.365) = 0.31
    expect(spans[1]!.exclusiveTimeMs).toBe(9.238);
    expect(spans[3]!.exclusiveTimeMs).toBe(10.243);
    expect(spans[0]!.exclusiveTimeMs).toBe(0.31);
    // db: 15.143 ms; http: 5.905 ms (nested inside the db span, counted per prefix)
    expect(tx.breakdown).toEqual({ 'ops.http': 5.905, 'ops.db': 15.143 });
  });

  it('builds a Sentry-style body and tags', () => {
    expect(tx.data).toMatchObject({
      type: 'transaction',
      transaction: 'checkout-transaction',
      transaction_info: { source: 'custom' },
      level: 'info',
      contexts: {
        trace: { op: 'task', status: 'unknown', span_id: '999df0204376a480' },
        order: { id: 1001 },
      },
      breakdowns: { span_ops: { 'ops.db': { value: 15.143, unit: 'millisecond' } } },
    });
    expect(tx.data['spans']).toBeUndefined();
    expect(tx.data['start_timestamp']).toBeCloseTo(
      Date.parse('2026-11-21T05:47:23.689Z') / 1000 + 0.000572,
      6,
    );
    const tags = new Map(tx.tags);
    expect(tags.get('component')).toBe('checkout');
    expect(tags.get('order.id')).toBe('1001');
    expect(tags.get('environment')).toBe('staging');
    expect(tags.get('release')).toBe('capture-python@1.2.3');
    expect(tags.get('transaction')).toBe('checkout-transaction');
    expect(tags.get('user')).toBe('id:42');
    expect(tags.get('level')).toBe('info');
    expect(tags.get('runtime.name')).toBe('CPython');
    expect(() => JSON.stringify(tx.data)).not.toThrow();
  });
});

describe('node 11.12.0 v2 span container', () => {
  const { spans, segments, measurements, dropped } = spanItems('node-11.12.0/004.json');
  const eventId = segmentEventId('0f76a6ad328f40378c72deecbd85347e', 'afdb6b4afc353b7c');

  it('yields the segment checkout-transaction with its five children', () => {
    expect(dropped).toBe(0);
    expect(measurements).toEqual([]);
    expect(segments).toHaveLength(1);
    const tx = segments[0]!;
    expect(tx).toMatchObject({
      eventId,
      kind: 'segment',
      traceId: '0f76a6ad328f40378c72deecbd85347e',
      spanId: 'afdb6b4afc353b7c',
      parentSpanId: null,
      name: 'checkout-transaction',
      nameSource: 'custom',
      op: 'task',
      status: 'ok',
      environment: 'production',
      release: null,
      platform: 'node',
      userKey: 'id:42',
      userName: 'alice',
      userEmail: 'alice@example.com',
      userIp: null, // no ingest_settings: the Node SDK does not ask for inference
      osName: 'Debian',
      breakdown: null,
    });
    // 1795240319.1605008 − 1795240319.103027 s, at microsecond resolution
    expect(tx.durationMs).toBeCloseTo(57.474, 3);
    const tags = new Map(tx.tags);
    expect(tags.get('order.id')).toBe('1001');
    expect(tags.get('result')).toBe('ok');
    expect(tags.get('os.name')).toBe('Debian');
    expect(tags.has('sentry.sdk.name')).toBe(false);
    expect(tx.data).toMatchObject({
      type: 'transaction',
      sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
      contexts: { os: { name: 'Debian', version: '12.11' }, trace: { op: 'task', origin: 'manual' } },
    });

    expect(spans).toHaveLength(6);
    const children = spans.filter((s) => !s.isSegment);
    expect(children).toHaveLength(5);
    for (const s of spans) {
      expect(s.segmentId).toBe('afdb6b4afc353b7c');
      expect(s.transactionEventId).toBe(eventId);
    }
    const fetch = spans.find((s) => s.description === 'GET 127.0.0.1')!;
    expect(fetch).toMatchObject({ op: 'http.client', status: 'ok', origin: 'auto.http.node_fetch' });
    expect(fetch.data['url.full']).toBe('http://127.0.0.1:9777/downstream/service?x=1');
  });

  it('lets storage compute the breakdown from the stored spans', () => {
    // http: "call downstream" (http.client.manual) [141.7053, 160.388] contains the fetch → 18.6827 ms;
    // db: "load cart" [103.6851, 125.16] → 21.4749 ms (times relative to …319.000 s)
    const b = opBreakdown(spans.filter((s) => !s.isSegment).map((s) => ({ ...s, ...precise(s) })));
    expect(b['ops.http']).toBeCloseTo(18.683, 2);
    expect(b['ops.db']).toBeCloseTo(21.475, 2);
  });
});

/** Span times at microsecond precision (start + duration) for breakdown checks. */
function precise(s: { startTimestamp: number; durationMs: number; data: Record<string, unknown> }) {
  return { startTimestamp: s.startTimestamp, endTimestamp: s.startTimestamp + s.durationMs };
}

describe('browser 11.12.0 v2 containers', () => {
  it('reads the page load segment with its web vitals', () => {
    const { spans, segments } = spanItems('browser-11.12.0-replay/002.json');
    expect(spans).toHaveLength(13);
    expect(segments).toHaveLength(1);
    const page = segments[0]!;
    expect(page).toMatchObject({
      eventId: PAGE1_EVENT,
      kind: 'segment',
      spanId: PAGE1_SPAN,
      // The SDK names it `Pageload` (source url) and sends the path as url.path.
      name: '/index.html',
      nameSource: 'sanitized',
      op: 'pageload',
      status: 'ok',
      release: 'capture-browser@1.2.3',
      environment: 'staging',
      platform: 'javascript',
      replayId: 'b524af63f5f14693937c1962efde5759',
      url: 'http://127.0.0.1:9778/index.html',
      userKey: 'id:42',
      userIp: CLIENT_IP, // ingest_settings.infer_ip = auto
      osName: 'Linux',
      measurements: {
        fp: { value: 112, unit: 'millisecond' },
        fcp: { value: 112, unit: 'millisecond' },
        ttfb: { value: 18.70000000001164, unit: 'millisecond' },
        'ttfb.requesttime': { value: 4.7999999999883585, unit: 'millisecond' },
      },
    });
    expect(page.browserName).toMatch(/Chrome/);
    // 1795240115.9147 − 1795240115.5193 s
    expect(page.durationMs).toBeCloseTo(395.4, 3);
    expect(new Map(page.tags).get('transaction')).toBe('/index.html');
    expect(page.data['measurements']).toMatchObject({ fcp: { value: 112, unit: 'millisecond' } });
    for (const s of spans) expect(s.segmentId).toBe(PAGE1_SPAN);
    expect(spans.find((s) => s.op === 'resource.script')?.data['http.response.status_code']).toBe(200);
  });

  it('returns an LCP that arrives later as a measurement for its page load', () => {
    const { segments, measurements, spans } = spanItems('browser-11.12.0-replay/006.json');
    expect(measurements).toEqual([
      {
        projectId: 3,
        traceId: PAGE1_TRACE,
        segmentSpanId: PAGE1_SPAN,
        transactionEventId: PAGE1_EVENT,
        name: 'lcp',
        measurement: { value: 112, unit: 'millisecond' },
        sourceSpanId: 'aa865a4ac8535a8a',
        receivedAt: expect.any(Number),
      },
    ]);
    expect(spans.find((s) => s.op === 'ui.webvital.lcp')).toMatchObject({
      segmentId: PAGE1_SPAN,
      isSegment: false,
      exclusiveTimeMs: 0,
    });
    // A fetch outside the page load is its own segment.
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({
      kind: 'segment',
      name: 'GET 127.0.0.1',
      nameSource: 'custom',
      op: 'http.client',
      httpMethod: 'GET',
      httpStatusCode: 200,
      url: 'http://127.0.0.1:9778/api/data',
    });
    expect(new Map(segments[0]!.tags).get('http.status_code')).toBe('200');
  });

  it('turns the INP span into an interaction and the CLS into a measurement', () => {
    const { segments, measurements, spans } = spanItems('browser-11.12.0-replay/009.json');
    expect(segments).toHaveLength(1);
    const inp = segments[0]!;
    expect(inp).toMatchObject({
      kind: 'interaction',
      op: 'ui.interaction.click',
      spanId: 'a76017e5854607db',
      parentSpanId: PAGE1_SPAN,
      measurements: { inp: { value: 24, unit: 'millisecond' } },
      // named after its page: here only the SDK placeholder, so it points at the page load's event
      name: 'Pageload',
      nameFromEventId: PAGE1_EVENT,
      replayId: 'b524af63f5f14693937c1962efde5759',
    });
    expect(inp.durationMs).toBeCloseTo(24, 2);
    expect(inp.data['contexts']).toMatchObject({ trace: { exclusive_time: 24 } });
    expect(measurements).toEqual([
      expect.objectContaining({
        segmentSpanId: PAGE1_SPAN,
        name: 'cls',
        measurement: { value: 0, unit: 'none' },
      }),
    ]);
    // The INP span also stays a span of its page load.
    expect(spans.find((s) => s.spanId === 'a76017e5854607db')).toMatchObject({
      segmentId: PAGE1_SPAN,
      transactionEventId: PAGE1_EVENT,
      isSegment: false,
    });
  });

  it('merges vitals and names interactions when the page load is in the same payload', () => {
    const items: unknown[] = [];
    let ctx: PerformanceContext | undefined;
    for (const file of ['002', '006', '009']) {
      const loaded = loadItems(`browser-11.12.0-replay/${file}.json`, 'span');
      items.push(...((loaded.payloads[0] as { items: unknown[] }).items ?? []));
      ctx ??= loaded.ctx;
    }
    const { segments, measurements } = processSpanItemsUnguarded({ version: 2, items }, ctx!);
    expect(measurements).toEqual([]);
    const page = segments.find((s) => s.op === 'pageload')!;
    expect(page.measurements['lcp']).toEqual({ value: 112, unit: 'millisecond' });
    expect(page.measurements['cls']).toEqual({ value: 0, unit: 'none' });
    const inp = segments.find((s) => s.kind === 'interaction')!;
    expect(inp).toMatchObject({ name: '/index.html', nameSource: 'sanitized', nameFromEventId: null });
    // Performance score of that page load: every vital far below its p10 → close to 100.
    const score = performanceScore({
      lcp: page.measurements['lcp']!.value,
      fcp: page.measurements['fcp']!.value,
      cls: page.measurements['cls']!.value,
      ttfb: page.measurements['ttfb']!.value,
      inp: inp.measurements['inp']!.value,
    });
    expect(score.total).toBeGreaterThan(99);
  });

  it('reads the second page load', () => {
    const { segments, spans } = spanItems('browser-11.12.0-replay/011.json');
    expect(spans).toHaveLength(12);
    expect(segments[0]).toMatchObject({
      name: '/page2.html',
      op: 'pageload',
      measurements: { fcp: { value: 64, unit: 'millisecond' } },
    });
    const later = spanItems('browser-11.12.0-replay/016.json');
    expect(later.segments[0]).toMatchObject({
      kind: 'interaction',
      measurements: { inp: { value: 16, unit: 'millisecond' } },
    });
    const durations = [later.segments[0]!.durationMs].sort((a, b) => a - b);
    expect(percentile(durations, 0.75)).toBeCloseTo(16, 1);
  });
});
