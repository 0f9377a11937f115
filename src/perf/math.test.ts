import { describe, expect, it } from 'vitest';
import {
  MISERY_ALPHA,
  MISERY_BETA,
  apdex,
  exclusiveTime,
  failureRate,
  opBreakdown,
  percentile,
  percentiles,
  tpm,
  unionLength,
  userMisery,
  userMiseryFromCounts,
} from './math.js';

describe('percentile (linear interpolation between closest ranks)', () => {
  const xs = [10, 20, 30, 40];
  it('interpolates at h = p·(n − 1)', () => {
    // p50: h = 0.5·3 = 1.5 → x[1] + 0.5·(x[2] − x[1]) = 20 + 5 = 25
    expect(percentile(xs, 0.5)).toBe(25);
    // p75: h = 2.25 → 30 + 0.25·10 = 32.5
    expect(percentile(xs, 0.75)).toBe(32.5);
    // p95: h = 2.85 → 30 + 0.85·10 = 38.5
    expect(percentile(xs, 0.95)).toBeCloseTo(38.5, 12);
    // p99: h = 2.97 → 30 + 0.97·10 = 39.7
    expect(percentile(xs, 0.99)).toBeCloseTo(39.7, 12);
  });
  it('p0 is the min, p100 the max; p is clamped', () => {
    expect(percentile(xs, 0)).toBe(10);
    expect(percentile(xs, 1)).toBe(40);
    expect(percentile(xs, 7)).toBe(40);
    expect(percentile(xs, -1)).toBe(10);
  });
  it('handles one value and no values', () => {
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile(xs, NaN)).toBeNull();
  });
  it('percentiles() sorts a copy numerically and skips non-finite values', () => {
    // sorted: [2, 10, 100]; p50: h = 1 → 10; p100 → 100 (a string sort would put 100 before 2)
    expect(percentiles([100, 2, NaN, 10, Infinity], [0.5, 1])).toEqual([10, 100]);
  });
});

describe('failureRate', () => {
  it('ok, cancelled and unknown (also legacy unknown_error and missing) are not failures', () => {
    // failures: internal_error, not_found → 2 of 6
    expect(failureRate(['ok', 'cancelled', 'unknown', 'internal_error', 'not_found', undefined])).toBeCloseTo(
      2 / 6,
      12,
    );
    expect(failureRate(['unknown_error', null, 'ok'])).toBe(0);
    expect(failureRate(['deadline_exceeded'])).toBe(1);
    expect(failureRate([])).toBeNull();
  });
});

describe('apdex', () => {
  it('matches the hand count', () => {
    // T = 300: satisfied ≤ 300: 100, 200 → 2; tolerating (300, 1200]: 400 → 1; frustrated > 1200: 1300 → 1
    // (2 + 1/2) / 4 = 0.625
    expect(apdex([100, 200, 400, 1300], 300)).toBe(0.625);
  });
  it('puts the boundaries on the satisfied / tolerating side', () => {
    // 300 = T satisfied; 1200 = 4T tolerating; 1200.001 frustrated → (1 + 0.5 + 0) / 3 = 0.5
    expect(apdex([300, 1200, 1200.001], 300)).toBe(0.5);
  });
  it('defaults T to 300 and is null when empty', () => {
    expect(apdex([299, 301])).toBe(0.75);
    expect(apdex([])).toBeNull();
  });
});

describe('userMisery', () => {
  it('uses Sentry’s constants', () => {
    expect(MISERY_ALPHA).toBe(5.8875);
    expect(MISERY_BETA).toBe(111.8625);
  });
  it('counts a user as miserable once, when any duration is above 4T', () => {
    // T = 300 → 4T = 1200. a: max 200 (fine); b: 1300 > 1200; c: 1500 > 1200 → miserable 2 of 3
    // (2 + 5.8875) / (3 + 5.8875 + 111.8625) = 7.8875 / 120.75 = 0.06532091097308489
    const users = new Map([
      ['id:a', [100, 200]],
      ['id:b', [1300]],
      ['id:c', [400, 1500, 1600]],
    ]);
    expect(userMisery(users, 300)).toBeCloseTo(0.06532091097308489, 15);
    expect(userMisery({ 'id:a': [100, 200], 'id:b': [1300], 'id:c': [400, 1500, 1600] }, 300)).toBeCloseTo(
      0.06532091097308489,
      15,
    );
  });
  it('is α / (α + β) = 5.8875 / 117.75 = 0.05 with no users', () => {
    expect(userMisery(new Map(), 300)).toBeCloseTo(0.05, 15);
    expect(userMiseryFromCounts(0, 0)).toBeCloseTo(0.05, 15);
  });
});

describe('tpm', () => {
  it('divides by the window in minutes', () => {
    // 1440 transactions over 24 h = 1440 min → 1 per minute
    expect(tpm(1440, 1440)).toBe(1);
    expect(tpm(30, 60)).toBe(0.5);
    expect(tpm(5, 0)).toBe(0);
  });
});

describe('unionLength / opBreakdown / exclusiveTime', () => {
  it('counts overlapping intervals once', () => {
    // [0,10] ∪ [5,15] = [0,15] → 15; plus [20,25] → 5; [30,30] empty; inverted ignored → 20
    expect(
      unionLength([
        { start: 5, end: 15 },
        { start: 0, end: 10 },
        { start: 20, end: 25 },
        { start: 30, end: 30 },
        { start: 40, end: 35 },
      ]),
    ).toBe(20);
    // nested: [0,100] ⊃ [10,20] → 100
    expect(
      unionLength([
        { start: 0, end: 100 },
        { start: 10, end: 20 },
      ]),
    ).toBe(100);
  });
  it('breaks down by op prefix', () => {
    const spans = [
      { op: 'http.client', startTimestamp: 0, endTimestamp: 10 },
      { op: 'http.client', startTimestamp: 5, endTimestamp: 12 }, // overlaps → http = 12
      { op: 'db.query', startTimestamp: 20, endTimestamp: 23.5 }, // db = 3.5
      { op: 'db', startTimestamp: 30, endTimestamp: 31 }, // db = 3.5 + 1 = 4.5
      { op: 'function', startTimestamp: 0, endTimestamp: 100 }, // no bucket
      { op: 'ui.long_animation_frame', startTimestamp: 0, endTimestamp: 2 }, // ui = 2
      { op: null, startTimestamp: 0, endTimestamp: 50 },
    ];
    expect(opBreakdown(spans)).toEqual({ 'ops.http': 12, 'ops.db': 4.5, 'ops.ui': 2 });
    expect(opBreakdown([])).toEqual({});
  });
  it('computes exclusive time from direct children clipped to the parent', () => {
    // parent [0, 100]; children [10, 30], [20, 40] (union 30), [90, 120] clipped to [90, 100] (10)
    // → 100 − 40 = 60
    expect(
      exclusiveTime({ start: 0, end: 100 }, [
        { start: 10, end: 30 },
        { start: 20, end: 40 },
        { start: 90, end: 120 },
      ]),
    ).toBe(60);
    expect(exclusiveTime({ start: 0, end: 5 }, [])).toBe(5);
  });
});
