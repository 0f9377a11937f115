// Geometry for the hand-made SVG charts: bars scaled to the tallest bucket, with a sliver for non-zero
// buckets so a single event is still visible next to a spike; lines that break where there is no data;
// shares stacked end to end.

import type { StatsSeries } from './types';

/** One bar in chart units. */
export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  time: number;
  count: number;
}

/** Lays a series out as bars in a `width` × `height` box, leaving `gap` between bars. */
export function layoutBars(series: StatsSeries, width: number, height: number, gap = 1): Bar[] {
  if (series.length === 0) return [];
  const max = Math.max(1, ...series.map(([, n]) => n));
  const slot = width / series.length;
  const barWidth = Math.max(1, slot - gap);
  return series.map(([time, count], i) => {
    const h = count === 0 ? 0 : Math.max(1.5, (count / max) * height);
    return { x: i * slot, y: height - h, width: barWidth, height: h, time, count };
  });
}

/** The total of a series. */
export const seriesTotal = (series: StatsSeries): number => series.reduce((sum, [, n]) => sum + n, 0);

/**
 * An SVG path through a series in a `width` × `height` box scaled to `max`: one point per bucket at the
 * bucket's centre. A null value (no data in that bucket) breaks the line rather than drawing a false zero.
 */
export function linePath(
  values: ReadonlyArray<number | null>,
  width: number,
  height: number,
  max: number,
): string {
  if (values.length === 0) return '';
  const slot = width / values.length;
  const top = max > 0 ? max : 1;
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      pen = false;
      return;
    }
    const x = (i + 0.5) * slot;
    const y = height - (Math.min(v, top) / top) * height;
    // A new piece starts with a zero-length stroke: with round caps a lone bucket still shows as a dot.
    d += pen ? `L${x.toFixed(2)} ${y.toFixed(2)}` : `M${x.toFixed(2)} ${y.toFixed(2)}h0`;
    pen = true;
  });
  return d;
}

/** A round top for an axis: 1, 2 or 5 × a power of ten, at least `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Lays shares (0–1) end to end on a 0–100 axis, clipped at 100: `[x, width]` for each. */
export function stackShares(shares: readonly number[]): Array<[number, number]> {
  let x = 0;
  return shares.map((share) => {
    const width = Math.max(0, Math.min(100 - x, share * 100));
    const at = x;
    x += width;
    return [at, width];
  });
}
