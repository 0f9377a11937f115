import { describe, expect, it } from 'vitest';
import { linePath, niceMax, stackShares } from './chart';
import { histogram, nearest } from './histogram';
import { spanOpBreakdown } from './op-breakdown';
import { formatDuration, formatPercent, formatRate, formatVital } from './perf-format';
import { eventPath, parseEventSlug, tracePath } from './perf-links';
import type { DiscoverValue, TransactionEvent } from './perf-types';
import { eventRows, readSpans, traceContext } from './transaction-event';
import { pageScore, ratingShares, withInp } from './web-vitals';
import { discoverFilter } from './perf-params';

const event = (over: Partial<TransactionEvent> = {}): TransactionEvent => ({
  eventID: 'a'.repeat(32),
  projectID: '1',
  type: 'transaction',
  transaction: '/',
  startTimestamp: 100,
  endTimestamp: 101,
  dateCreated: '',
  tags: [],
  user: null,
  contexts: { trace: { trace_id: 'AB'.repeat(16), span_id: 'root', op: 'pageload', status: 'ok' } },
  sdk: null,
  entries: [
    {
      type: 'spans',
      data: [
        {
          span_id: 's1',
          parent_span_id: 'root',
          op: 'http.client',
          start_timestamp: 100.1,
          timestamp: 100.4,
        },
        {
          span_id: 's2',
          parent_span_id: 'root',
          op: 'http.client',
          start_timestamp: 100.3,
          timestamp: 100.5,
        },
        { span_id: 's3', parent_span_id: 's1', op: 'db.query', start_timestamp: 100.2, timestamp: 100.3 },
        { span_id: 'bad', op: 'x' },
        'not a span',
      ],
    },
  ],
  ...over,
});

describe('performance formatting and small rules', () => {
  it('formats durations, rates and vitals', () => {
    expect([0, 0.42, 12.4, 840, 1250, 75_000].map(formatDuration)).toEqual([
      '0 ms',
      '0.42 ms',
      '12 ms',
      '840 ms',
      '1.25 s',
      '1.3 min',
    ]);
    expect(formatDuration(null)).toBe('—');
    expect([0, 0.0732, 0.5, 1].map(formatPercent)).toEqual(['0%', '7.32%', '50.0%', '100%']);
    expect([0, 0.004, 0.03, 42.4].map(formatRate)).toEqual(['0', '<0.01', '0.03', '42']);
    expect(formatVital('cls', 0.0651)).toBe('0.065');
    expect(formatVital('lcp', 2400)).toBe('2.40 s');
  });

  it('buckets durations from zero with round widths', () => {
    const buckets = histogram([10, 20, 95, 847, NaN, -1]);
    expect(buckets[0]).toEqual({ from: 0, to: 50, count: 2 });
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(4);
    expect(buckets[buckets.length - 1]).toMatchObject({ from: 800, to: 850, count: 1 });
    expect(histogram([])).toEqual([]);
    expect(nearest([{ d: 10 }, { d: 90 }, { d: 50 }], (x) => x.d, 60)).toEqual({ d: 50 });
  });

  it('draws lines with gaps where there is no data, and stacks shares up to 100', () => {
    expect(linePath([1, null, 2, 2], 40, 10, 2)).toBe('M5.00 5.00h0M25.00 0.00h0L35.00 0.00');
    expect(niceMax(347)).toBe(500);
    expect(stackShares([0.5, 0.3, 0.4])).toEqual([
      [0, 50],
      [50, 30],
      [80, 20],
    ]);
  });

  it('links to waterfalls and traces only with ids that are ids', () => {
    expect(eventPath('acme', 'shop api', 'ab'.repeat(16))).toBe(
      `/organizations/acme/performance/shop%20api%3A${'ab'.repeat(16)}/`,
    );
    expect(parseEventSlug(`storefront:${'ab'.repeat(16)}`)).toEqual({
      project: 'storefront',
      eventId: 'ab'.repeat(16),
    });
    expect(parseEventSlug('storefront')).toBeNull();
    expect(parseEventSlug('summary')).toBeNull();
    expect(tracePath('acme', 'javascript:alert(1)')).toBeNull();
    expect(tracePath('acme', 'AB'.repeat(16))).toBe(
      `/organizations/acme/performance/trace/${'ab'.repeat(16)}/`,
    );
  });

  it('reads a transaction event defensively', () => {
    const e = event();
    expect(readSpans(e).map((s) => s.span_id)).toEqual(['s1', 's2', 's3']);
    expect(traceContext(e)).toEqual({
      traceId: 'ab'.repeat(16),
      spanId: 'root',
      op: 'pageload',
      status: 'ok',
    });
    expect(eventRows(e).map((r) => [r.spanId, r.depth])).toEqual([
      ['root', 0],
      ['s1', 1],
      ['s3', 2],
      ['s2', 1],
    ]);
    expect(traceContext(event({ contexts: { trace: { trace_id: '<b>' } } })).traceId).toBeNull();
  });

  it('computes the span-op breakdown from spans when the event has none, overlaps counted once', () => {
    const parts = spanOpBreakdown(event());
    expect(parts.map((p) => p.op)).toEqual(['http', 'db']);
    expect(parts[0]!.ms).toBeCloseTo(400, 6);
    expect(parts[0]!.share).toBeCloseTo(0.4, 6);
    const given = spanOpBreakdown(event({ breakdowns: { span_ops: { 'ops.db': { value: 250 } } } }));
    expect(given).toEqual([{ op: 'db', ms: 250, share: 0.25 }]);
  });

  it('rates vitals per load and scores pages from their p75s', () => {
    const loads: Array<Record<string, number | null>> = [
      { 'measurements.lcp': 1000 },
      { 'measurements.lcp': 3000 },
      { 'measurements.lcp': 5000 },
      { 'measurements.lcp': null },
    ];
    expect(ratingShares(loads, 'lcp')).toEqual({ good: 1, meh: 1, poor: 1, total: 3 });
    // Only LCP measured: its weight becomes the whole score; p50 of the curve scores 50.
    expect(pageScore({ 'p75(measurements.lcp)': 2400 }).total).toBeCloseTo(50, 6);
    expect(pageScore({}).total).toBeNull();
  });
});

describe('INP per page', () => {
  it('takes each page’s INP p75 from its interactions, by project and name', () => {
    const pages: Array<Record<string, DiscoverValue>> = [
      { transaction: '/', 'project.id': '1', 'p75(measurements.lcp)': 900, 'p75(measurements.inp)': null },
      { transaction: '/cart', 'project.id': '1', 'p75(measurements.inp)': null },
    ];
    const inp = [
      { transaction: '/', 'project.id': 1, 'p75(measurements.inp)': 320 },
      { transaction: '/cart', 'project.id': 2, 'p75(measurements.inp)': 90 }, // another project's /cart
    ];
    expect(withInp(pages, inp)).toEqual([
      { transaction: '/', 'project.id': '1', 'p75(measurements.lcp)': 900, 'p75(measurements.inp)': 320 },
      { transaction: '/cart', 'project.id': '1', 'p75(measurements.inp)': null },
    ]);
  });

  it('asks for any of several ops', () => {
    const q = discoverFilter(
      { project: '', environment: '', release: '', statsPeriod: '24h', sort: '-count()' },
      { ops: ['ui.interaction.click', 'ui.interaction.press'] },
    );
    expect(q.get('query')).toBe('transaction.op:ui.interaction.click transaction.op:ui.interaction.press');
  });
});
