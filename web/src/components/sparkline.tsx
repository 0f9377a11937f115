import { layoutBars, seriesTotal } from '../lib/chart';
import type { StatsSeries } from '../lib/types';

/**
 * A tiny events-over-time chart for a stream row. One `<path>` for all bars rather than one element per
 * bar: a page of issues stays a few hundred DOM nodes lighter.
 */
export function Sparkline({ series, label }: { series: StatsSeries; label: string }) {
  const w = 96;
  const h = 24;
  const bars = layoutBars(series, w, h, 1);
  const d = bars
    .filter((b) => b.height > 0)
    .map(
      (b) => `M${b.x.toFixed(2)} ${h}v${-b.height.toFixed(2)}h${b.width.toFixed(2)}v${b.height.toFixed(2)}z`,
    )
    .join('');
  return (
    <svg className="sparkline" viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img">
      <title>{`${seriesTotal(series)} events ${label}`}</title>
      <line x1="0" y1={h - 0.5} x2={w} y2={h - 0.5} className="sparkline-base" />
      <path d={d} />
    </svg>
  );
}
