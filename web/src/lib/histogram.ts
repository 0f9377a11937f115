// A duration histogram from raw values (the latest transactions' durations): equal-width buckets from
// zero to just above the largest value, so the bars start at an honest origin.

/** One bucket: [from, to) in ms, and how many values fell in it. */
export interface HistogramBucket {
  from: number;
  to: number;
  count: number;
}

/** A "nice" bucket width (1, 2 or 5 × a power of ten) giving at most `maxBuckets` buckets. */
export function niceWidth(max: number, maxBuckets: number): number {
  const raw = Math.max(max, 1e-9) / maxBuckets;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const step of [1, 2, 5, 10]) if (step * power >= raw) return step * power;
  return 10 * power;
}

/** Buckets `values` (non-finite and negative ones ignored); empty input gives no buckets. */
export function histogram(values: readonly number[], maxBuckets = 20): HistogramBucket[] {
  const clean = values.filter((v) => Number.isFinite(v) && v >= 0);
  if (clean.length === 0) return [];
  const max = Math.max(...clean);
  const width = niceWidth(max, maxBuckets);
  const n = Math.max(1, Math.floor(max / width) + 1);
  const buckets = Array.from({ length: n }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: 0 }));
  for (const v of clean) buckets[Math.min(n - 1, Math.floor(v / width))]!.count++;
  return buckets;
}

/** The row nearest a target (the typical sample: the one whose duration is nearest the p50). */
export function nearest<T>(items: readonly T[], value: (item: T) => number, target: number): T | null {
  let best: T | null = null;
  let bestDiff = Infinity;
  for (const item of items) {
    const d = Math.abs(value(item) - target);
    if (d < bestDiff) {
      best = item;
      bestDiff = d;
    }
  }
  return best;
}
