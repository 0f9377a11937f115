// Geometry for the hand-made SVG charts: bars scaled to the tallest bucket, with a sliver for non-zero
// buckets so a single event is still visible next to a spike.

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
