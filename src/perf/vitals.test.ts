import { describe, expect, it } from 'vitest';
import { erf, erfc, performanceScore, scoreRating, vitalRating, vitalScore } from './vitals.js';

describe('erf / erfc', () => {
  // Reference values from the C library's erf/erfc (Python's math.erf), to 16 significant digits.
  const cases: Array<[number, number, number]> = [
    [0, 0, 1],
    [0.1, 0.1124629160182849, 0.8875370839817152],
    [0.5, 0.5204998778130465, 0.4795001221869535],
    [0.9061938024368232, 0.8, 0.2],
    [1, 0.8427007929497149, 0.15729920705028513],
    [1.5, 0.9661051464753108, 0.033894853524689274],
    [1.99, 0.995111413199617, 0.004888586800383003],
    [2, 0.9953222650189527, 0.004677734981047265],
    [2.5, 0.999593047982555, 0.0004069520174449589],
    [3, 0.9999779095030014, 2.2090496998585438e-5],
    [4, 0.9999999845827421, 1.541725790028002e-8],
    [6, 1, 2.1519736712498916e-17],
  ];
  it.each(cases)('erf(%f)', (x, expected, expectedC) => {
    expect(Math.abs(erf(x) - expected)).toBeLessThan(1e-15);
    expect(Math.abs(erf(-x) + expected)).toBeLessThan(1e-15);
    // erfc keeps relative precision in the tail, where 1 − erf would round to 0.
    expect(Math.abs(erfc(x) - expectedC)).toBeLessThanOrEqual(Math.max(1e-15, 1e-13 * expectedC));
  });
  it('erf(0.5) = 0.5204998778…', () => {
    expect(erf(0.5).toFixed(10)).toBe('0.5204998778');
  });
  it('handles extremes', () => {
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erfc(40)).toBe(0);
    expect(erf(NaN)).toBeNaN();
  });
});

describe('vitalRating', () => {
  it('uses good < meh ≤ … < poor with the thresholds of the spec', () => {
    expect(vitalRating('lcp', 2499)).toBe('good');
    expect(vitalRating('lcp', 2500)).toBe('meh');
    expect(vitalRating('lcp', 3999)).toBe('meh');
    expect(vitalRating('lcp', 4000)).toBe('poor');
    expect(vitalRating('fcp', 999)).toBe('good');
    expect(vitalRating('fp', 3000)).toBe('poor');
    expect(vitalRating('fid', 100)).toBe('meh');
    expect(vitalRating('cls', 0.05)).toBe('good');
    expect(vitalRating('cls', 0.1)).toBe('meh');
    expect(vitalRating('cls', 0.25)).toBe('poor');
    expect(vitalRating('inp', 199)).toBe('good');
    expect(vitalRating('inp', 500)).toBe('poor');
    expect(vitalRating('ttfb', 800)).toBe('meh');
    expect(vitalRating('ttfb', 1799)).toBe('meh');
    expect(vitalRating('unknown', 1)).toBeNull();
    expect(vitalRating('lcp', NaN)).toBeNull();
  });
});

describe('vitalScore (log-normal curve)', () => {
  it('scores p50 at 0.5 and p10 at 0.9', () => {
    // z = 0 at p50 → ½(1 − erf 0) = 0.5
    expect(vitalScore('lcp', 2400)).toBeCloseTo(0.5, 14);
    // at p10: z = −0.9061938 and erf(−0.9061938) = −0.8 → ½(1 + 0.8) = 0.9
    expect(vitalScore('lcp', 1200)).toBeCloseTo(0.9, 14);
    expect(vitalScore('fcp', 900)).toBeCloseTo(0.9, 14);
    expect(vitalScore('cls', 0.25)).toBeCloseTo(0.5, 14);
    expect(vitalScore('ttfb', 200)).toBeCloseTo(0.9, 14);
    expect(vitalScore('inp', 500)).toBeCloseTo(0.5, 14);
  });
  it('is symmetric in log space', () => {
    // lcp: p50/p10 = 2, so σ = ln 2 / (√2·0.9061938). At 4800 = 2·p50, z = +0.9061938 → ½(1 − 0.8) = 0.1
    expect(vitalScore('lcp', 4800)).toBeCloseTo(0.1, 14);
    // At 600 = p10/2, z = −2·0.9061938 = −1.8123876 → ½(1 + erf 1.8123876) = ½(1 + 0.98962587719266)
    expect(vitalScore('lcp', 600)).toBeCloseTo(0.99481293859633, 13);
  });
  it('scores 0 and below as 1, and unknown vitals as null', () => {
    expect(vitalScore('cls', 0)).toBe(1);
    expect(vitalScore('lcp', Infinity)).toBe(0);
    expect(vitalScore('fp', 100)).toBeNull();
  });
});

describe('performanceScore', () => {
  it('renormalises the weights over the vitals present', () => {
    // lcp 2400 → 0.5, fcp 900 → 0.9, cls 0.25 → 0.5, ttfb 200 → 0.9; no inp.
    // weights 0.30 + 0.15 + 0.15 + 0.10 = 0.70
    // total = (0.30·0.5 + 0.15·0.9 + 0.15·0.5 + 0.10·0.9) / 0.70 = 0.45 / 0.70 = 0.642857… → 64.2857
    const result = performanceScore({ lcp: 2400, fcp: 900, cls: 0.25, ttfb: 200 });
    expect(result.total).toBeCloseTo(64.28571428571429, 10);
    expect(result.components.lcp?.weight).toBeCloseTo(0.3 / 0.7, 14);
    expect(result.components.inp).toBeUndefined();
    expect(scoreRating(result.total!)).toBe('meh');
  });
  it('uses the full weights when all five vitals are present', () => {
    // Scores by the formula (erf from the C library as reference):
    // lcp 3000 → 0.3399617752279833, fcp 1200 → 0.7391658153933758, cls 0.05 → 0.9878074814947929,
    // ttfb 350 → 0.597501233024929, inp 150 → 0.9539006903982461
    // total = 100 · (0.30·0.33996 + 0.15·0.73917 + 0.15·0.98781 + 0.10·0.59750 + 0.30·0.95390) = 70.6954857523587
    const result = performanceScore({ lcp: 3000, fcp: 1200, cls: 0.05, ttfb: 350, inp: 150 });
    expect(result.components.lcp?.score).toBeCloseTo(0.3399617752279833, 13);
    expect(result.components.inp?.score).toBeCloseTo(0.9539006903982461, 13);
    expect(result.total).toBeCloseTo(70.6954857523587, 10);
  });
  it('scores a single vital on its own and nothing as null', () => {
    // only inp 500 → its score 0.5 with weight 1 → 50
    expect(performanceScore({ inp: 500 }).total).toBeCloseTo(50, 12);
    expect(performanceScore({ lcp: null, fcp: undefined }).total).toBeNull();
  });
  it('rates the total', () => {
    expect(scoreRating(90)).toBe('good');
    expect(scoreRating(89.99)).toBe('meh');
    expect(scoreRating(50)).toBe('meh');
    expect(scoreRating(49.9)).toBe('poor');
  });
});
