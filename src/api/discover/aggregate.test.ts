import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../perf/histogram.js';
import type { TransactionRow } from '../../storage/performance-types.js';
import { aggregateValue, sourceFromRollups, sourceFromRows } from './aggregate.js';
import { parseField, type Field } from './fields.js';

const row = (durationMs: number, status: string, userKey: string | null, lcp?: number): TransactionRow => ({
  projectId: 1,
  eventId: 'e',
  kind: 'transaction',
  traceId: 't',
  spanId: 's',
  parentSpanId: null,
  name: '/checkout',
  op: 'http.server',
  status,
  startTimestamp: 0,
  durationMs,
  release: null,
  environment: null,
  userKey,
  httpMethod: null,
  httpStatusCode: null,
  browserName: null,
  replayId: null,
  measurements: lcp === undefined ? {} : { lcp: { value: lcp, unit: 'millisecond' } },
  receivedAt: 0,
});

// Durations 100, 200, 400, 1300 ms; one failure; users u1 (100, 200), u2 (400), u3 (1300).
const rows = [
  row(100, 'ok', 'id:u1', 1000),
  row(200, 'ok', 'id:u1', 3000),
  row(400, 'internal_error', 'id:u2'),
  row(1300, 'ok', 'id:u3'),
];
const agg = (field: string, source = sourceFromRows(rows)) =>
  aggregateValue(parseField(field) as Extract<Field, { kind: 'aggregate' }>, source, 60, 300);

describe('Discover aggregates from rows (exact)', () => {
  it('computes counts, rates and percentiles as Sentry defines them', () => {
    expect(agg('count()')).toBe(4);
    expect(agg('count_unique(user)')).toBe(3);
    expect(agg('failure_rate()')).toBe(0.25); // 1 of 4; ok is not a failure
    expect(agg('avg(transaction.duration)')).toBe(500); // 2000 / 4
    expect(agg('tpm()')).toBeCloseTo(4 / 60, 12);
    // Sorted [100, 200, 400, 1300]; p50 at rank 1.5 → 200 + 0.5 × 200 = 300; p95 at 2.85 → 400 + 0.85 × 900.
    expect(agg('p50()')).toBe(300);
    expect(agg('p95(transaction.duration)')).toBeCloseTo(1165, 9);
    expect(agg('p100()')).toBe(1300);
    expect(agg('max(transaction.duration)')).toBe(1300);
    // LCP values [1000, 3000]: p75 at rank 0.75 → 1000 + 0.75 × 2000 = 2500.
    expect(agg('p75(measurements.lcp)')).toBe(2500);
  });

  it('computes apdex and user misery with the threshold given or the default', () => {
    // T = 300: satisfied 100, 200; tolerating 400 (≤ 1200); frustrated 1300 → (2 + 1/2) / 4.
    expect(agg('apdex(300)')).toBe(0.625);
    expect(agg('apdex()')).toBe(0.625);
    // T = 100: satisfied 100; tolerating 200, 400 (≤ 400); frustrated 1300 → (1 + 2/2) / 4.
    expect(agg('apdex(100)')).toBe(0.5);
    // 4T = 1200: u3 is miserable → (1 + 5.8875) / (3 + 5.8875 + 111.8625).
    expect(agg('user_misery(300)')).toBeCloseTo(6.8875 / 120.75, 12);
    // 4T = 400: u3 only (u2's 400 is not above 400) → same.
    expect(agg('user_misery(100)')).toBeCloseTo(6.8875 / 120.75, 12);
    // 4T = 200: u2 and u3 → (2 + 5.8875) / 120.75.
    expect(agg('user_misery(50)')).toBeCloseTo(7.8875 / 120.75, 12);
  });
});

describe('Discover aggregates from roll-ups (approximate)', () => {
  const durations = new LogHistogram();
  for (const r of rows) durations.add(r.durationMs);
  const lcp = new LogHistogram();
  lcp.add(1000);
  lcp.add(3000);
  const source = sourceFromRollups(
    [
      {
        projectId: 1,
        name: '/checkout',
        hour: 0,
        count: 4,
        failures: 1,
        sumDurationMs: 2000,
        durations: durations.toJSON() as never,
        vitals: { lcp: lcp.toJSON() as never },
      },
    ],
    { users: 3, slowUsers: (msOf) => (msOf(1) === 1200 ? 1 : 0) },
  );

  it('matches the exact answers: counts exactly, percentiles within 1 %', () => {
    expect(agg('count()', source)).toBe(4);
    expect(agg('failure_rate()', source)).toBe(0.25);
    expect(agg('avg(transaction.duration)', source)).toBe(500);
    expect(agg('apdex(300)', source)).toBe(0.625);
    expect(agg('user_misery(300)', source)).toBeCloseTo(6.8875 / 120.75, 12);
    expect(Math.abs(agg('p50()', source)! - 300) / 300).toBeLessThan(0.01);
    expect(Math.abs(agg('p75(measurements.lcp)', source)! - 2500) / 2500).toBeLessThan(0.01);
    expect(agg('p100()', source)).toBe(1300);
  });
});

describe('apdex and user misery with a threshold per project', () => {
  // Project 1 keeps T = 300; project 2 sets T = 100. The same group holds both.
  const mixed = [
    { ...row(100, 'ok', 'id:u1'), projectId: 1 }, // satisfied (≤ 300)
    { ...row(1000, 'ok', 'id:u1'), projectId: 1 }, // tolerating (≤ 1200)
    { ...row(100, 'ok', 'id:u2'), projectId: 2 }, // satisfied (≤ 100)
    { ...row(300, 'ok', 'id:u2'), projectId: 2 }, // tolerating (≤ 400)
    { ...row(500, 'ok', 'id:u3'), projectId: 2 }, // frustrated (> 400): u3 miserable
  ];
  const thresholdOf = (projectId: number) => (projectId === 2 ? 100 : 300);
  const value = (field: string, source = sourceFromRows(mixed)) =>
    aggregateValue(parseField(field) as Extract<Field, { kind: 'aggregate' }>, source, 60, thresholdOf);

  it('judges each transaction by its own project when no threshold is given', () => {
    // (2 satisfied + 2 tolerating / 2) / 5.
    expect(value('apdex()')).toBe(0.6);
    // u3 alone saw more than 4T of its project (500 > 400); u1's 1000 ms is under 1200.
    expect(value('user_misery()')).toBeCloseTo((1 + 5.8875) / (3 + 5.8875 + 111.8625), 12);
    // A threshold in the field wins for every project: T = 300 → 100, 100, 300 satisfied; 1000, 500 tolerating.
    expect(value('apdex(300)')).toBe(0.8);
  });

  it('answers the same from roll-ups', () => {
    const histogramOf = (values: number[]) => {
      const h = new LogHistogram();
      for (const v of values) h.add(v);
      return h.toJSON() as never;
    };
    const rollup = (projectId: number, values: number[]) => ({
      projectId,
      name: '/checkout',
      hour: 0,
      count: values.length,
      failures: 0,
      sumDurationMs: values.reduce((a, b) => a + b, 0),
      durations: histogramOf(values),
      vitals: {},
    });
    const source = sourceFromRollups([rollup(1, [100, 1000]), rollup(2, [100, 300, 500])], {
      users: 3,
      slowUsers: (msOf) => (msOf(2) === 400 ? 1 : 0),
    });
    expect(value('apdex()', source)).toBe(0.6);
    expect(value('user_misery()', source)).toBeCloseTo((1 + 5.8875) / (3 + 5.8875 + 111.8625), 12);
  });
});

describe('parseField', () => {
  it('reads Sentry field spellings and refuses others', () => {
    expect(parseField('transaction')).toMatchObject({ kind: 'column', name: 'transaction' });
    expect(parseField('p95()')).toMatchObject({ fn: 'p95', measurement: null });
    expect(parseField('p75(measurements.cls)')).toMatchObject({ fn: 'p75', measurement: 'cls' });
    expect(parseField('apdex(500)')).toMatchObject({ fn: 'apdex', param: 500 });
    expect(() => parseField('sum(whatever)')).toThrow('Unsupported field');
    expect(() => parseField('apdex(-1)')).toThrow('Invalid threshold');
    expect(() => parseField('drop table')).toThrow('Unknown field');
  });
});
