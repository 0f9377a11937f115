import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../../perf/histogram.js';
import type { TransactionRow } from '../../storage/performance-types.js';
import { configuredRule, DEFAULT_THRESHOLD, fixedRule } from '../../perf/thresholds.js';
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
  aggregateValue(parseField(field) as Extract<Field, { kind: 'aggregate' }>, source, 60, fixedRule(300));

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
    { users: 3, miserable: (rule) => (rule.key === 'fixed:300' ? 1 : 0) },
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
  const configured = configuredRule({
    fallback: { ...DEFAULT_THRESHOLD },
    projects: [
      { projectId: 1, threshold: { ms: 300, metric: 'duration' } },
      { projectId: 2, threshold: { ms: 100, metric: 'duration' } },
    ],
    transactions: [],
  });
  const value = (field: string, source = sourceFromRows(mixed)) =>
    aggregateValue(parseField(field) as Extract<Field, { kind: 'aggregate' }>, source, 60, configured);

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
      miserable: (rule) => (rule.key === 'configured' ? 1 : 0),
    });
    expect(value('apdex()', source)).toBe(0.6);
    expect(value('user_misery()', source)).toBeCloseTo((1 + 5.8875) / (3 + 5.8875 + 111.8625), 12);
  });
});

describe('apdex and user misery with a threshold per transaction', () => {
  // /checkout is `rows` above (100, 200, 400, 1300 ms; LCP 1000 and 3000 on the first two); /search has
  // 100 and 500 ms (u4). The project keeps the default, 300 ms of duration.
  const search = [
    { ...row(100, 'ok', 'id:u4'), name: '/search' },
    { ...row(500, 'ok', 'id:u4'), name: '/search' },
  ];
  const withOverride = (threshold: { ms: number; metric: 'duration' | 'lcp' }) =>
    configuredRule({
      fallback: { ...DEFAULT_THRESHOLD },
      projects: [],
      transactions: [{ projectId: 1, name: '/checkout', threshold }],
    });
  const value = (field: string, rule: ReturnType<typeof withOverride>, group: TransactionRow[]) =>
    aggregateValue(
      parseField(field) as Extract<Field, { kind: 'aggregate' }>,
      sourceFromRows(group),
      60,
      rule,
    );

  it('changes apdex and user misery of that transaction only', () => {
    const strict = withOverride({ ms: 50, metric: 'duration' });
    // /checkout with T = 50: none ≤ 50; 100 and 200 ≤ 200 tolerating; 400, 1300 frustrated → (0 + 2/2) / 4.
    expect(value('apdex()', strict, rows)).toBe(0.25);
    // 4T = 200: u2 (400) and u3 (1300) are miserable, u1 (at most 200) is not → (2 + α) / (3 + α + β).
    expect(value('user_misery()', strict, rows)).toBeCloseTo(7.8875 / 120.75, 12);
    // A threshold named in the field still wins over the override.
    expect(value('apdex(300)', strict, rows)).toBe(0.625);
    // /search keeps T = 300 either way: 100 satisfied, 500 tolerating → (1 + 1/2) / 2.
    expect(value('apdex()', strict, search)).toBe(0.75);
    expect(value('apdex()', withOverride({ ms: 300, metric: 'duration' }), search)).toBe(0.75);
    // Both in one group (a query not grouped by name): each row by its own T → (0 + 1 + (2 + 1) / 2) / 6.
    expect(value('apdex()', strict, [...rows, ...search])).toBeCloseTo(2.5 / 6, 12);
    // u4's 500 ms is not above 4 × 300, so still two miserable users, now of four.
    expect(value('user_misery()', strict, [...rows, ...search])).toBeCloseTo(7.8875 / 121.75, 12);
  });

  it('judges LCP under an LCP threshold, a transaction without one being frustrated and never miserable', () => {
    const byLcp = withOverride({ ms: 1000, metric: 'lcp' });
    // LCP 1000 satisfied (≤ 1000), 3000 tolerating (≤ 4000); the two without LCP are counted, frustrated.
    expect(value('apdex()', byLcp, rows)).toBe(0.375);
    // Nobody's LCP is above 4000 ms; u3's 1300 ms duration no longer matters.
    expect(value('user_misery()', byLcp, rows)).toBeCloseTo(5.8875 / 120.75, 12);
  });

  it('answers the same from roll-ups', () => {
    const histogramOf = (values: number[]) => {
      const h = new LogHistogram();
      for (const v of values) h.add(v);
      return h.toJSON() as never;
    };
    const rollup = (name: string, durations: number[], lcps: number[]) => ({
      projectId: 1,
      name,
      hour: 0,
      count: durations.length,
      failures: 0,
      sumDurationMs: durations.reduce((a, b) => a + b, 0),
      durations: histogramOf(durations),
      vitals: (lcps.length > 0 ? { lcp: histogramOf(lcps) } : {}) as Record<string, never>,
    });
    // /checkout split over two hours, to count the LCP histograms of both.
    const rollups = [
      rollup('/checkout', [100, 400], [1000]),
      rollup('/checkout', [200, 1300], [3000]),
      rollup('/search', [100, 500], []),
    ];
    const source = (group: typeof rollups) =>
      sourceFromRollups(group, { users: 3, miserable: (rule) => (rule.key === 'configured' ? 2 : 1) });
    const rule = (threshold: { ms: number; metric: 'duration' | 'lcp' }) => withOverride(threshold);
    const agg = (field: string, r: ReturnType<typeof withOverride>, group: typeof rollups) =>
      aggregateValue(parseField(field) as Extract<Field, { kind: 'aggregate' }>, source(group), 60, r);
    expect(agg('apdex()', rule({ ms: 50, metric: 'duration' }), rollups.slice(0, 2))).toBe(0.25);
    expect(agg('apdex()', rule({ ms: 1000, metric: 'lcp' }), rollups.slice(0, 2))).toBe(0.375);
    expect(agg('apdex()', rule({ ms: 50, metric: 'duration' }), rollups)).toBeCloseTo(2.5 / 6, 12);
    // T = 300 for all: 100, 200, 100 satisfied; 400, 500 tolerating; 1300 frustrated → (3 + 2/2) / 6.
    expect(agg('apdex(300)', rule({ ms: 50, metric: 'duration' }), rollups)).toBeCloseTo(4 / 6, 12);
    // Miserable users come from storage per rule: the configured one's count, not the fixed one's.
    expect(agg('user_misery()', rule({ ms: 50, metric: 'duration' }), rollups)).toBeCloseTo(
      7.8875 / 120.75,
      12,
    );
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
    expect(parseField('project_threshold_config')).toEqual({
      kind: 'threshold',
      alias: 'project_threshold_config',
    });
  });
});
