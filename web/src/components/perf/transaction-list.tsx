import { Link } from 'react-router';
import { eventPath, tracePath } from '../../lib/perf-links';
import { cellNumber, formatDuration } from '../../lib/perf-format';
import type { DiscoverValue } from '../../lib/perf-types';
import { RelativeTime } from '../relative-time';

type Row = Record<string, DiscoverValue>;

/** Transactions as rows (raw Discover rows): event link, duration, status, release, user, trace, time. */
export function TransactionList({ org, rows, testId }: { org: string; rows: Row[]; testId?: string }) {
  if (rows.length === 0) return <p className="muted">No transactions in this period.</p>;
  return (
    <table className="table perf-table" data-testid={testId}>
      <thead>
        <tr>
          <th>Event</th>
          <th className="num">Duration</th>
          <th>Status</th>
          <th>Release</th>
          <th>User</th>
          <th>Trace</th>
          <th>When</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const id = String(row.id ?? '');
          const trace = String(row.trace ?? '');
          const status = String(row['transaction.status'] ?? '');
          return (
            <tr key={id}>
              <td>
                <Link className="mono" to={eventPath(org, String(row.project ?? ''), id)}>
                  {id.slice(0, 8)}
                </Link>
              </td>
              <td className="num">{formatDuration(cellNumber(row['transaction.duration']))}</td>
              <td>
                <span className={`pill status-pill status-${status === 'ok' ? 'ok' : 'bad'}`}>{status}</span>
              </td>
              <td className="mono small">{String(row.release ?? '—')}</td>
              <td className="small">{String(row['user.display'] ?? '—')}</td>
              <td>
                {tracePath(org, trace) ? (
                  <Link className="mono" to={tracePath(org, trace)!}>
                    {trace.slice(0, 8)}
                  </Link>
                ) : (
                  '—'
                )}
              </td>
              <td className="small">
                <RelativeTime date={typeof row.timestamp === 'string' ? row.timestamp : null} format="ago" />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
