import { stackShares } from '../../lib/chart';
import { formatPercent } from '../../lib/perf-format';
import type { RatingShares } from '../../lib/web-vitals';

/** Good / meh / poor shares of a vital as one thin stacked bar, the numbers on hover and for readers. */
export function RatingBar({ shares }: { shares: RatingShares }) {
  if (shares.total === 0) return <span className="rating-bar rating-bar-none" aria-hidden="true" />;
  const parts = (['good', 'meh', 'poor'] as const).map((r) => [r, shares[r] / shares.total] as const);
  const text = parts.map(([r, share]) => `${r} ${formatPercent(share)}`).join(' · ');
  const stacked = stackShares(parts.map(([, share]) => share));
  return (
    <svg className="rating-bar" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label={text}>
      <title>{`${text} of ${shares.total}`}</title>
      {parts.map(([r], i) => (
        <rect key={r} className={`rating-${r}`} x={stacked[i]![0]} y={0} width={stacked[i]![1]} height={6} />
      ))}
    </svg>
  );
}
