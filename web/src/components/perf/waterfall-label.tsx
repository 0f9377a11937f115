import { Link } from 'react-router';
import { seg } from '../../lib/api';
import { eventPath } from '../../lib/perf-links';
import type { WaterfallRow } from '../../lib/waterfall';
import { LevelBadge } from '../level-badge';

/**
 * The name part of a waterfall row: for a transaction its project, op and name (a link to its own
 * waterfall), for a span its op and description (a button opening its details), for an error its title
 * (a link to the event in its issue). Names are always text.
 */
export function WaterfallLabel({ org, row, onOpen }: { org: string; row: WaterfallRow; onOpen: () => void }) {
  if (row.kind === 'error') {
    const to =
      row.issueId !== undefined && row.eventId
        ? `/organizations/${seg(org)}/issues/${seg(String(row.issueId))}/events/${seg(row.eventId)}/`
        : null;
    return (
      <span className="wf-name">
        <LevelBadge level={row.level ?? 'error'} />
        {to ? (
          <Link className="wf-error-title" to={to}>
            {row.label}
          </Link>
        ) : (
          <span className="wf-error-title">{row.label}</span>
        )}
      </span>
    );
  }
  const text = (
    <>
      <span className="wf-op">{row.op || 'span'}</span>
      {row.label && <span className="wf-desc">{row.label}</span>}
    </>
  );
  if (row.kind === 'transaction') {
    return (
      <span className="wf-name">
        {row.project && <span className="pill wf-project">{row.project}</span>}
        {row.project && row.eventId ? (
          <Link className="wf-text" to={eventPath(org, row.project, row.eventId)} title={row.label}>
            {text}
          </Link>
        ) : (
          <span className="wf-text" title={row.label}>
            {text}
          </span>
        )}
      </span>
    );
  }
  return (
    <button type="button" className="wf-name wf-text wf-open" onClick={onOpen} title={row.label}>
      {text}
    </button>
  );
}
