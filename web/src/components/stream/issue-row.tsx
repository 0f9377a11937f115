import { memo } from 'react';
import { Link } from 'react-router';
import { seg } from '../../lib/api';
import { shortCount } from '../../lib/time';
import type { Issue } from '../../lib/types';
import { LevelBadge } from '../level-badge';
import { RelativeTime } from '../relative-time';
import { Sparkline } from '../sparkline';

/** One issue in the stream. Memoised: a poll that changes nothing re-renders nothing. */
export const IssueRow = memo(function IssueRow({
  issue,
  org,
  period,
  selected,
  fresh,
  onToggle,
}: {
  issue: Issue;
  org: string;
  period: '24h' | '14d';
  selected: boolean;
  fresh: boolean;
  onToggle: (id: string) => void;
}) {
  const series = issue.stats?.[period] ?? [];
  return (
    <li
      className={`issue-row${selected ? ' selected' : ''}${fresh ? ' fresh' : ''}`}
      data-issue-id={issue.id}
    >
      <input
        type="checkbox"
        aria-label={`Select ${issue.shortId}`}
        checked={selected}
        onChange={() => onToggle(issue.id)}
      />
      <LevelBadge level={issue.level} />
      <div className="issue-main">
        <Link className="issue-title" to={`/organizations/${seg(org)}/issues/${seg(issue.id)}/`}>
          {issue.title}
        </Link>
        <div className="issue-meta">
          <span className="short-id">{issue.shortId}</span>
          {issue.culprit && <span className="culprit">{issue.culprit}</span>}
          {issue.isUnhandled && <span className="pill pill-unhandled">Unhandled</span>}
          {issue.status !== 'unresolved' && (
            <span className={`pill status-${issue.status}`}>{issue.status}</span>
          )}
          <span className="muted issue-seen">
            <RelativeTime date={issue.lastSeen} format="ago" />
            {' · '}
            <RelativeTime date={issue.firstSeen} format="age" />
          </span>
        </div>
      </div>
      <div className="issue-graph">
        <Sparkline
          series={series}
          label={period === '24h' ? 'in the last 24 hours' : 'in the last 14 days'}
        />
      </div>
      <div className="issue-num" title={`${issue.count} events`}>
        {shortCount(issue.count)}
      </div>
      <div className="issue-num" title={`${issue.userCount} users`}>
        {shortCount(issue.userCount)}
      </div>
    </li>
  );
});
