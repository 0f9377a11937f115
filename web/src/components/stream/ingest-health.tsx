import { outcomeLabel, summariseOutcomes } from '../../lib/outcomes';
import { useOutcomes } from '../../lib/queries';
import { shortCount } from '../../lib/time';

/**
 * One line on where the organization's events went in the last 24 hours, so "the SDK got a 200 but
 * nothing shows" has an answer on the first page people open.
 */
export function IngestHealth({ org }: { org: string }) {
  const outcomes = useOutcomes(org);
  if (!outcomes.data) return null;
  const { accepted, dropped } = summariseOutcomes(outcomes.data);
  const droppedTotal = dropped.reduce((n, d) => n + d.count, 0);
  return (
    <div className="ingest-health" data-testid="ingest-health">
      <span title="Items stored in the last 24 hours">
        <span className="dot dot-ok" /> {shortCount(accepted)} accepted
      </span>
      {droppedTotal > 0 ? (
        <span
          title={dropped
            .slice(0, 8)
            .map((d) => `${d.count} ${outcomeLabel(d.outcome)}${d.reason ? ` (${d.reason})` : ''}`)
            .join('\n')}
        >
          <span className="dot dot-warn" /> {shortCount(droppedTotal)} dropped
          {dropped[0]
            ? ` · mostly ${outcomeLabel(dropped[0].outcome)}${dropped[0].reason ? `: ${dropped[0].reason}` : ''}`
            : ''}
        </span>
      ) : (
        <span className="muted">nothing dropped</span>
      )}
      <span className="muted">· last 24 h</span>
    </div>
  );
}
