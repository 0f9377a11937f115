import type { Storage } from '../../storage/storage.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Sentry's two stats shapes for issue lists: 24 hourly buckets, or 14 daily ones. */
const SHAPES: Record<string, { buckets: number; size: number }> = {
  '24h': { buckets: 24, size: HOUR },
  '14d': { buckets: 14, size: DAY },
};

/**
 * `stats` for a page of issues: {[period]: [[unixSeconds, count], …]} from the hourly roll-up,
 * oldest bucket first, empty buckets as 0 (what Sentry's sparkline charts expect).
 */
export async function issueStats(
  storage: Storage,
  ids: number[],
  period: string,
  now = Date.now(),
): Promise<Map<number, Record<string, Array<[number, number]>>>> {
  const shape = SHAPES[period] ?? SHAPES['24h']!;
  const key = SHAPES[period] ? period : '24h';
  const end = now - (now % shape.size) + shape.size;
  const start = end - shape.buckets * shape.size;
  const hourly = await storage.issueHourlyCounts(ids, start, end);
  const out = new Map<number, Record<string, Array<[number, number]>>>();
  for (const id of ids) {
    const series: Array<[number, number]> = [];
    for (let i = 0; i < shape.buckets; i++) series.push([(start + i * shape.size) / 1000, 0]);
    for (const [hour, count] of hourly.get(id) ?? []) {
      const bucket = series[Math.floor((hour - start) / shape.size)];
      if (bucket) bucket[1] += count;
    }
    out.set(id, { [key]: series });
  }
  return out;
}
