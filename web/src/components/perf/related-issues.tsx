import { Link } from 'react-router';
import { seg } from '../../lib/api';
import { shortCount } from '../../lib/time';
import type { Issue } from '../../lib/types';
import { LevelBadge } from '../level-badge';
import { RelativeTime } from '../relative-time';

/** Issues whose errors happened in this transaction (their `transaction` tag), busiest first. */
export function RelatedIssues({ org, issues }: { org: string; issues: Issue[] }) {
  if (issues.length === 0) return <p className="muted">No errors in this transaction in this period.</p>;
  return (
    <ul className="related-issues" data-testid="related-issues">
      {issues.map((issue) => (
        <li key={issue.id}>
          <LevelBadge level={issue.level} />
          <div className="related-main">
            <Link to={`/organizations/${seg(org)}/issues/${seg(issue.id)}/`}>{issue.title}</Link>
            <div className="muted small">
              <span className="short-id">{issue.shortId}</span> ·{' '}
              <RelativeTime date={issue.lastSeen} format="ago" />
            </div>
          </div>
          <span className="issue-num" title={`${issue.count} events`}>
            {shortCount(issue.count)}
          </span>
        </li>
      ))}
    </ul>
  );
}
