import { Link } from 'react-router';
import { eventPath } from '../../lib/perf-links';
import { cellNumber, formatDuration } from '../../lib/perf-format';
import type { DiscoverValue } from '../../lib/perf-types';
import { RelativeTime } from '../relative-time';

/** One sample transaction (the slowest, a typical one): its duration and a link to its waterfall. */
export function SampleCard({
  org,
  title,
  row,
  testId,
}: {
  org: string;
  title: string;
  row: Record<string, DiscoverValue> | null;
  testId: string;
}) {
  return (
    <div className="sample-card" data-testid={testId}>
      <h3>{title}</h3>
      {row ? (
        <>
          <div className="sample-duration">{formatDuration(cellNumber(row['transaction.duration']))}</div>
          <div className="small muted">
            <RelativeTime date={typeof row.timestamp === 'string' ? row.timestamp : null} format="ago" />
            {row.release ? ` · ${String(row.release)}` : ''}
          </div>
          <Link
            className="btn btn-small"
            to={eventPath(org, String(row.project ?? ''), String(row.id ?? ''))}
          >
            View spans
          </Link>
        </>
      ) : (
        <p className="muted">None in this period.</p>
      )}
    </div>
  );
}
