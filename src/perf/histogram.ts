/**
 * A mergeable log-bucket histogram (the DDSketch idea) for roll-ups: storage can keep one per
 * (transaction, hour) and answer percentiles over any range by merging, without the raw values.
 *
 * APPROXIMATE: bucket i holds values in (γ^(i−1), γ^i] with γ = (1 + α)/(1 − α), and reports the point
 * 2γ^i/(γ + 1), which is within a relative error α of every value in the bucket. Percentiles use the same
 * rank interpolation as the exact {@link percentile}, so for positive values they are within α (1 % by
 * default) of the exact answer; p0 and p100 are exact (min and max are tracked). Values ≤ 0 (and below
 * {@link MIN_POSITIVE}) share one zero bucket and read back as 0 (clamped to the tracked min).
 */
import { percentile } from './math.js';

/** Smallest value given its own bucket; anything at or below it counts as zero. */
export const MIN_POSITIVE = 1e-9;
/** Bucket count cap (memory bound): γ^±4096 at α = 1 % spans far beyond any duration. */
const MAX_INDEX = 1 << 14;

/** Serialised form (JSON-safe) for storing a histogram. */
export interface LogHistogramJson {
  /** Relative accuracy α. */
  a: number;
  /** Count of values in the zero bucket. */
  z: number;
  /** Bucket index → count, only non-empty buckets. */
  b: Record<string, number>;
  /** Total count. */
  n: number;
  /** Sum of all values (for averages). */
  s: number;
  /** Exact minimum and maximum, null when empty. */
  min: number | null;
  max: number | null;
}

/** See the module comment. */
export class LogHistogram {
  readonly relativeAccuracy: number;
  private readonly gamma: number;
  private readonly logGamma: number;
  private readonly buckets = new Map<number, number>();
  private zeros = 0;
  private total = 0;
  private sumValue = 0;
  private minValue = Infinity;
  private maxValue = -Infinity;

  constructor(relativeAccuracy = 0.01) {
    if (!(relativeAccuracy > 0 && relativeAccuracy < 1))
      throw new RangeError('relativeAccuracy must be in (0, 1)');
    this.relativeAccuracy = relativeAccuracy;
    this.gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
    this.logGamma = Math.log(this.gamma);
  }

  /** Number of values added. */
  get count(): number {
    return this.total;
  }

  /** Sum of values added. */
  get sum(): number {
    return this.sumValue;
  }

  /** Exact minimum, null when empty. */
  get min(): number | null {
    return this.total === 0 ? null : this.minValue;
  }

  /** Exact maximum, null when empty. */
  get max(): number | null {
    return this.total === 0 ? null : this.maxValue;
  }

  /** Adds `value` `count` times. Non-finite values and non-positive counts are ignored. */
  add(value: number, count = 1): void {
    if (!Number.isFinite(value) || !(count > 0) || !Number.isFinite(count)) return;
    this.total += count;
    this.sumValue += value * count;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
    if (value <= MIN_POSITIVE) {
      this.zeros += count;
      return;
    }
    const index = this.indexOf(value);
    this.buckets.set(index, (this.buckets.get(index) ?? 0) + count);
  }

  /** Adds all of `other`'s values (both must have the same accuracy). */
  merge(other: LogHistogram): void {
    if (other.relativeAccuracy !== this.relativeAccuracy) {
      throw new RangeError('cannot merge histograms of different accuracy');
    }
    if (other.total === 0) return;
    for (const [index, count] of other.buckets)
      this.buckets.set(index, (this.buckets.get(index) ?? 0) + count);
    this.zeros += other.zeros;
    this.total += other.total;
    this.sumValue += other.sumValue;
    this.minValue = Math.min(this.minValue, other.minValue);
    this.maxValue = Math.max(this.maxValue, other.maxValue);
  }

  /** Approximate `p`-quantile (p in [0, 1]), null when empty. See the module comment for the error bound. */
  percentile(p: number): number | null {
    if (this.total === 0 || !Number.isFinite(p)) return null;
    const q = Math.min(1, Math.max(0, p));
    if (q === 0) return this.minValue;
    if (q === 1) return this.maxValue;
    const h = q * (this.total - 1);
    const lo = Math.floor(h);
    const a = this.valueAtRank(lo);
    const b = lo + 1 < this.total ? this.valueAtRank(lo + 1) : a;
    // Same interpolation as the exact percentile, applied to the two bucket estimates.
    return percentile([a, b], h - lo);
  }

  /**
   * Approximate number of values ≤ `limit` (for apdex from roll-ups): whole buckets whose upper bound
   * is at or below it, so only values within α of `limit` can be misplaced.
   */
  countAtMost(limit: number): number {
    if (!Number.isFinite(limit)) return limit > 0 ? this.total : 0;
    if (limit < MIN_POSITIVE) return limit >= 0 || this.minValue <= limit ? this.zeros : 0;
    const last = this.indexOf(limit);
    let n = this.zeros;
    for (const [index, count] of this.buckets) if (index <= last) n += count;
    return n;
  }

  /** JSON-safe snapshot. */
  toJSON(): LogHistogramJson {
    const b: Record<string, number> = {};
    for (const [index, count] of [...this.buckets].sort((x, y) => x[0] - y[0])) b[String(index)] = count;
    return {
      a: this.relativeAccuracy,
      z: this.zeros,
      b,
      n: this.total,
      s: this.sumValue,
      min: this.min,
      max: this.max,
    };
  }

  /** Rebuilds a histogram from {@link toJSON} output; malformed entries are skipped. */
  static fromJSON(json: LogHistogramJson): LogHistogram {
    const h = new LogHistogram(json.a);
    for (const [key, count] of Object.entries(json.b ?? {})) {
      const index = Number(key);
      if (Number.isInteger(index) && Math.abs(index) <= MAX_INDEX && count > 0) h.buckets.set(index, count);
    }
    h.zeros = json.z > 0 ? json.z : 0;
    h.total = h.zeros + [...h.buckets.values()].reduce((s, c) => s + c, 0);
    h.sumValue = Number.isFinite(json.s) ? json.s : 0;
    if (h.total > 0) {
      h.minValue = typeof json.min === 'number' ? json.min : 0;
      h.maxValue = typeof json.max === 'number' ? json.max : 0;
    }
    return h;
  }

  private indexOf(value: number): number {
    const index = Math.ceil(Math.log(value) / this.logGamma);
    return Math.max(-MAX_INDEX, Math.min(MAX_INDEX, index));
  }

  /** The estimate for the value at 0-based `rank` in sorted order, clamped to the exact min/max. */
  private valueAtRank(rank: number): number {
    let seen = this.zeros;
    let estimate = 0;
    if (rank >= seen) {
      for (const index of [...this.buckets.keys()].sort((x, y) => x - y)) {
        seen += this.buckets.get(index)!;
        if (rank < seen) {
          estimate = (2 * Math.pow(this.gamma, index)) / (this.gamma + 1);
          break;
        }
      }
    }
    return Math.min(this.maxValue, Math.max(this.minValue, estimate));
  }
}
