import { describe, expect, it } from 'vitest';
import { LogHistogram } from './histogram.js';
import { percentile } from './math.js';

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('LogHistogram', () => {
  it('gives percentiles within 1 % of the exact ones', () => {
    const rand = prng(7);
    const values: number[] = [];
    const h = new LogHistogram(0.01);
    for (let i = 0; i < 5000; i++) {
      // log-normal-ish durations from 1 ms to minutes, plus a few zeros
      const v = i % 500 === 0 ? 0 : Math.exp(rand() * 12) * (0.5 + rand());
      values.push(v);
      h.add(v);
    }
    values.sort((a, b) => a - b);
    for (const p of [0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999]) {
      const exact = percentile(values, p)!;
      const approx = h.percentile(p)!;
      expect(Math.abs(approx - exact)).toBeLessThanOrEqual(0.01 * exact + 1e-9);
    }
    expect(h.percentile(0)).toBe(values[0]);
    expect(h.percentile(1)).toBe(values[values.length - 1]);
    expect(h.count).toBe(5000);
    expect(h.sum).toBeCloseTo(
      values.reduce((s, v) => s + v, 0),
      3,
    );
  });

  it('merges and round-trips through JSON', () => {
    const a = new LogHistogram();
    const b = new LogHistogram();
    const all = new LogHistogram();
    for (let i = 1; i <= 100; i++) {
      (i % 2 ? a : b).add(i * 10);
      all.add(i * 10);
    }
    a.merge(b);
    expect(a.toJSON()).toEqual(all.toJSON());
    const copy = LogHistogram.fromJSON(JSON.parse(JSON.stringify(a.toJSON())));
    expect(copy.percentile(0.95)).toBe(a.percentile(0.95));
    expect(copy.count).toBe(100);
    // exact p95 of 10, 20, …, 1000: h = 0.95·99 = 94.05 → 950 + 0.05·10 = 950.5
    expect(Math.abs(copy.percentile(0.95)! - 950.5)).toBeLessThanOrEqual(9.505);
  });

  it('is empty-safe and ignores junk', () => {
    const h = new LogHistogram();
    expect(h.percentile(0.5)).toBeNull();
    h.add(NaN);
    h.add(5, -1);
    h.add(Infinity);
    expect(h.count).toBe(0);
    h.add(0);
    h.add(0);
    expect(h.percentile(0.5)).toBe(0);
    expect(() => new LogHistogram(0)).toThrow(RangeError);
    expect(() => new LogHistogram(0.01).merge(new LogHistogram(0.02))).toThrow(RangeError);
  });
});

describe('LogHistogram.countAtMost', () => {
  it('counts values at or below a limit, within the relative accuracy', () => {
    const h = new LogHistogram();
    for (const v of [100, 200, 299, 301, 400, 1300, 5000]) h.add(v);
    // 299 and 301 sit within 1 % of 300, so either may land on either side; the rest may not.
    expect(h.countAtMost(290)).toBe(2);
    expect(h.countAtMost(310)).toBe(4);
    expect(h.countAtMost(1200)).toBe(5);
    expect(h.countAtMost(10_000)).toBe(7);
    expect(h.countAtMost(0)).toBe(0);
  });
});
