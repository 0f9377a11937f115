import { stackShares } from '../../lib/chart';
import type { BreakdownPart } from '../../lib/op-breakdown';
import { formatDuration, formatPercent } from '../../lib/perf-format';

/** The span-op breakdown as one stacked bar of the transaction's time, with a legend of each part. */
export function OpBreakdownBar({ parts }: { parts: BreakdownPart[] }) {
  if (parts.length === 0) return <p className="muted">No http, db, browser, resource or ui spans.</p>;
  const stacked = stackShares(parts.map((p) => p.share));
  return (
    <div className="op-breakdown" data-testid="op-breakdown">
      <svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="Span operations">
        <rect x="0" y="0" width="100" height="10" className="op-rest" />
        {parts.map((p, i) => (
          <rect
            key={p.op}
            x={stacked[i]![0]}
            y={0}
            width={stacked[i]![1]}
            height={10}
            className={`op-fill op-${p.op}`}
          >
            <title>{`${p.op}: ${formatDuration(p.ms)}`}</title>
          </rect>
        ))}
      </svg>
      <ul className="op-legend">
        {parts.map((p) => (
          <li key={p.op}>
            <span className={`swatch op-${p.op}`} aria-hidden="true" />
            <span className="op-name">{p.op}</span>
            <span className="muted">{formatDuration(p.ms)}</span>
            <span className="muted">{formatPercent(p.share)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
