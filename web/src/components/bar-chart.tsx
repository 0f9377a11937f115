import { layoutBars, seriesTotal } from '../lib/chart';
import { shortCount } from '../lib/time';
import type { StatsSeries } from '../lib/types';

const fmt = (unixSeconds: number, hourly: boolean) =>
  new Date(unixSeconds * 1000).toLocaleString(
    'en',
    hourly ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' },
  );

/** A labelled events-over-time chart, with each bucket's count and time on hover. */
export function BarChart({ series, hourly }: { series: StatsSeries; hourly: boolean }) {
  const w = 600;
  const h = 80;
  const bars = layoutBars(series, w, h, 2);
  const max = Math.max(0, ...series.map(([, n]) => n));
  const first = series[0];
  const last = series[series.length - 1];
  return (
    <figure className="bar-chart">
      <svg
        viewBox={`0 0 ${w} ${h}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${seriesTotal(series)} events`}
      >
        <line x1="0" y1={h - 0.5} x2={w} y2={h - 0.5} className="bar-chart-base" />
        {bars.map((b) => (
          <g key={b.time}>
            <rect x={b.x} y={0} width={b.width} height={h} className="bar-chart-hit">
              <title>{`${b.count} events · ${new Date(b.time * 1000).toLocaleString('en')}`}</title>
            </rect>
            {b.height > 0 && (
              <rect x={b.x} y={b.y} width={b.width} height={b.height} className="bar-chart-bar" />
            )}
          </g>
        ))}
      </svg>
      <figcaption>
        <span>{first ? fmt(first[0], hourly) : ''}</span>
        <span className="muted">
          max {shortCount(max)} per {hourly ? 'hour' : 'day'}
        </span>
        <span>{last ? fmt(last[0], hourly) : ''}</span>
      </figcaption>
    </figure>
  );
}
