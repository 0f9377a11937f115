/**
 * Web vitals as Sentry rates and scores them: the good/meh/poor thresholds of the Web Vitals pages and
 * Relay's performance score (`normalize_performance_score`), a log-normal curve per vital combined with
 * weights. Includes the error function the curve needs, since JavaScript's `Math` has none.
 */

/** Rating of a vital value or a score. */
export type Rating = 'good' | 'meh' | 'poor';

/** Vitals with thresholds. Values in ms except `cls` (unitless). */
export type RatedVital = 'lcp' | 'fcp' | 'fp' | 'fid' | 'cls' | 'inp' | 'ttfb';

/** [meh from, poor from] per vital (Sentry's `webVitalMeh` / `webVitalPoor`). */
export const VITAL_THRESHOLDS: Readonly<Record<RatedVital, readonly [number, number]>> = {
  lcp: [2500, 4000],
  fcp: [1000, 3000],
  fp: [1000, 3000],
  fid: [100, 300],
  cls: [0.1, 0.25],
  inp: [200, 500],
  ttfb: [800, 1800],
};

/**
 * good below the first threshold, meh from it up to the second, poor from the second on (Sentry's
 * `vitalStateForValue` compares with `>=`). Null for a vital without thresholds or a non-finite value.
 */
export function vitalRating(name: string, value: number): Rating | null {
  const thresholds = (VITAL_THRESHOLDS as Record<string, readonly [number, number]>)[name];
  if (!thresholds || !Number.isFinite(value)) return null;
  if (value >= thresholds[1]) return 'poor';
  return value >= thresholds[0] ? 'meh' : 'good';
}

/** Vitals that make up the performance score. */
export type ScoredVital = 'lcp' | 'fcp' | 'cls' | 'ttfb' | 'inp';

/** Curve parameters and weight of one scored vital. */
export interface ScoreProfile {
  p10: number;
  p50: number;
  weight: number;
}

/** Relay's browser score profile: (p10, p50, weight) per vital. The weights sum to 1. */
export const SCORE_PROFILE: Readonly<Record<ScoredVital, ScoreProfile>> = {
  lcp: { p10: 1200, p50: 2400, weight: 0.3 },
  fcp: { p10: 900, p50: 1600, weight: 0.15 },
  cls: { p10: 0.1, p50: 0.25, weight: 0.15 },
  ttfb: { p10: 200, p50: 400, weight: 0.1 },
  inp: { p10: 200, p50: 500, weight: 0.3 },
};

/** erf⁻¹(0.8): makes the curve pass through 0.9 at p10. */
const P10_QUANTILE = 0.9061938024368232;

/**
 * One vital's score in [0, 1] on Relay's log-normal curve:
 * σ = |ln p10 − ln p50| / (√2 · 0.9061938), score = ½ · (1 − erf((ln v − ln p50) / (√2 · σ))).
 * So p50 scores 0.5 and p10 scores 0.9. A value ≤ 0 scores 1 (ln 0 = −∞). Null for an unscored vital.
 */
export function vitalScore(name: string, value: number): number | null {
  const profile = (SCORE_PROFILE as Record<string, ScoreProfile>)[name];
  if (!profile || Number.isNaN(value)) return null;
  if (value <= 0) return 1;
  if (value === Infinity) return 0;
  const sigma = Math.abs(Math.log(profile.p10) - Math.log(profile.p50)) / (Math.SQRT2 * P10_QUANTILE);
  const z = (Math.log(value) - Math.log(profile.p50)) / (Math.SQRT2 * sigma);
  return 0.5 * (1 - erf(z));
}

/** One vital's part of a {@link PerformanceScore}. */
export interface ScoreComponent {
  /** The vital's own score, 0–1. */
  score: number;
  /** Its weight after renormalising over the vitals present (weights of present vitals sum to 1). */
  weight: number;
}

/** A performance score and the per-vital scores it was made from. */
export interface PerformanceScore {
  /** 0–100, or null when no scored vital was present. */
  total: number | null;
  components: Partial<Record<ScoredVital, ScoreComponent>>;
}

/**
 * Total = Σ weightᵢ · scoreᵢ over the vitals present, with the weights renormalised to sum to 1 (so a
 * page load without INP is scored on the other four), reported on Sentry's 0–100 scale.
 */
export function performanceScore(
  vitals: Partial<Record<ScoredVital, number | null | undefined>>,
): PerformanceScore {
  const present: Array<[ScoredVital, number]> = [];
  for (const name of Object.keys(SCORE_PROFILE) as ScoredVital[]) {
    const value = vitals[name];
    if (typeof value === 'number' && !Number.isNaN(value)) present.push([name, value]);
  }
  const weightSum = present.reduce((sum, [name]) => sum + SCORE_PROFILE[name].weight, 0);
  const components: PerformanceScore['components'] = {};
  if (weightSum <= 0) return { total: null, components };
  let total = 0;
  for (const [name, value] of present) {
    const score = vitalScore(name, value)!;
    const weight = SCORE_PROFILE[name].weight / weightSum;
    components[name] = { score, weight };
    total += weight * score;
  }
  return { total: total * 100, components };
}

/** Rating of a 0–100 score: ≥ 90 good, 50 to < 90 meh, < 50 poor. */
export function scoreRating(total: number): Rating {
  if (total >= 90) return 'good';
  return total >= 50 ? 'meh' : 'poor';
}

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;

/**
 * The error function, accurate to about 1e-15 absolute. |x| < 2: the Maclaurin series
 * erf x = 2/√π Σ (−1)ⁿ x²ⁿ⁺¹ / (n! (2n + 1)), whose terms stay below 4 here so little precision is lost
 * to cancellation. |x| ≥ 2: 1 − erfc x with erfc from its continued fraction.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return -erf(-x);
  if (x >= 2) return 1 - erfc(x);
  const x2 = x * x;
  let term = x; // (−1)ⁿ x²ⁿ⁺¹ / n!
  let sum = x;
  for (let n = 1; n < 100; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/**
 * The complementary error function 1 − erf x, computed directly for x ≥ 2 (where 1 − erf would lose the
 * small result to rounding) by the continued fraction
 * erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated bottom-up.
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 2) return 1 - erf(x);
  if (x > 27) return 0; // e^(−729) underflows
  let t = x;
  for (let k = 120; k >= 1; k--) t = x + k / 2 / t;
  return (Math.exp(-x * x) * ONE_OVER_SQRT_PI) / t;
}
