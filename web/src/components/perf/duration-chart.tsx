import { linePath, niceMax } from '../../lib/chart';
import { formatDuration } from '../../lib/perf-format';

const W = 600;
const H = 120;

/** One line of the chart: its label, CSS class and values per bucket (null where no data). */
export interface ChartLine {
  label: string;
  className: string;
  values: Array<number | null>;
}

const fmtTime = (unixSeconds: number, short: boolean) =>
  new Date(unixSeconds * 1000).toLocaleString(
    'en',
    short
      ? { hour: '2-digit', minute: '2-digit' }
      : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  );

/** Durations over time as lines (p50, p95, …) on one scale, with a legend and each bucket on hover. */
export function DurationChart({ times, lines }: { times: number[]; lines: ChartLine[] }) {
  const max = niceMax(Math.max(0, ...lines.flatMap((l) => l.values.map((v) => v ?? 0))));
  const slot = times.length > 0 ? W / times.length : W;
  // Within a couple of hours the time alone is clear; over a day it needs the date (07:00 twice).
  const short = times.length > 1 && times[times.length - 1]! - times[0]! <= 2 * 3_600;
  return (
    <figure className="line-chart">
      <div className="line-chart-plot">
        <span className="axis-label axis-top">{formatDuration(max)}</span>
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label="Duration over time">
          <line x1="0" y1={H / 2} x2={W} y2={H / 2} className="grid" />
          <line x1="0" y1={H - 0.5} x2={W} y2={H - 0.5} className="base" />
          {lines.map((l) => (
            <path key={l.label} d={linePath(l.values, W, H, max)} className={`line ${l.className}`} />
          ))}
          {times.map((t, i) => (
            <rect key={t} x={i * slot} y={0} width={slot} height={H} className="hit">
              <title>
                {`${new Date(t * 1000).toLocaleString('en')}\n${lines
                  .map((l) => `${l.label}: ${formatDuration(l.values[i])}`)
                  .join('\n')}`}
              </title>
            </rect>
          ))}
        </svg>
      </div>
      <figcaption>
        <span>{times[0] !== undefined ? fmtTime(times[0], short) : ''}</span>
        <span className="legend">
          {lines.map((l) => (
            <span key={l.label} className={`legend-item ${l.className}`}>
              {l.label}
            </span>
          ))}
        </span>
        <span>{times.length > 0 ? fmtTime(times[times.length - 1]!, short) : ''}</span>
      </figcaption>
    </figure>
  );
}
