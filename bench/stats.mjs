/**
 * Small number helpers shared by the phases. Percentiles are computed on the full sample (no
 * histogram bucketing), because at these sample sizes sorting is cheap and exactness helps compare runs.
 */

/**
 * The p-th percentile (0–100) of `values`, nearest-rank method; NaN for an empty sample.
 * @param {ArrayLike<number>} values
 * @param {number} p
 * @returns {number}
 */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/**
 * A summary of latencies in milliseconds.
 * @param {ArrayLike<number>} values
 * @returns {{ n: number, p50: number, p95: number, p99: number, max: number }}
 */
export function summarize(values) {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max,
  };
}

/**
 * Counts by key, e.g. HTTP status codes.
 * @param {Map<string, number>} map
 * @param {string} key
 */
export function bump(map, key) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * Formats a number with a fixed count of decimals, or `n/a` when it is not finite.
 * @param {number} n
 * @param {number} [digits]
 */
export function fmt(n, digits = 0) {
  return Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : 'n/a';
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
