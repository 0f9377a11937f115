import { niceMax } from '../../lib/chart';
import type { HistogramBucket } from '../../lib/histogram';
import { formatDuration } from '../../lib/perf-format';

const W = 600;
const H = 110;

/** How many transactions took how long: one bar per duration bucket, the range on hover. */
export function HistogramChart({ buckets, marker }: { buckets: HistogramBucket[]; marker?: number | null }) {
  if (buckets.length === 0) return <p className="muted">No transactions in this period.</p>;
  const top = niceMax(Math.max(...buckets.map((b) => b.count)));
  const slot = W / buckets.length;
  const last = buckets[buckets.length - 1]!;
  const markerX = marker != null && last.to > 0 ? (marker / last.to) * W : null;
  return (
    <figure className="histogram">
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label="Duration histogram">
        <line x1="0" y1={H - 0.5} x2={W} y2={H - 0.5} className="base" />
        {buckets.map((b, i) => {
          const h = b.count === 0 ? 0 : Math.max(2, (b.count / top) * H);
          return (
            <g key={b.from}>
              <rect x={i * slot} y={0} width={slot} height={H} className="hit">
                <title>{`${formatDuration(b.from)} – ${formatDuration(b.to)}: ${b.count}`}</title>
              </rect>
              {h > 0 && (
                <rect x={i * slot + 1} y={H - h} width={Math.max(1, slot - 2)} height={h} className="bar" />
              )}
            </g>
          );
        })}
        {markerX !== null && <line x1={markerX} y1={0} x2={markerX} y2={H} className="marker" />}
      </svg>
      <figcaption>
        <span>{formatDuration(0)}</span>
        {marker != null && <span className="legend-item marker">p50 {formatDuration(marker)}</span>}
        <span>{formatDuration(last.to)}</span>
      </figcaption>
    </figure>
  );
}
