import { Link } from 'react-router';
import { seg } from '../../lib/api';
import { shortCount } from '../../lib/time';
import type { Issue } from '../../lib/types';
import { LevelBadge } from '../level-badge';
import { RelativeTime } from '../relative-time';
import { StatusBadge } from '../status-badge';
import { IssueActions } from './issue-actions';

/** The top of an issue: what it is, where, its status and actions, and its headline numbers. */
export function IssueHeader({ org, issue }: { org: string; issue: Issue }) {
  return (
    <header className="issue-header">
      <div className="crumbs">
        <Link to={`/organizations/${seg(org)}/issues/`}>Issues</Link>
        <span aria-hidden="true">/</span>
        <span>{issue.project.slug}</span>
        <span aria-hidden="true">/</span>
        <span className="short-id">{issue.shortId}</span>
      </div>
      <div className="issue-header-main">
        <div className="issue-heading">
          <h1>
            <LevelBadge level={issue.level} /> <span data-testid="issue-title">{issue.title}</span>
          </h1>
          <div className="issue-sub">
            {issue.culprit && <span className="culprit">{issue.culprit}</span>}
            <StatusBadge status={issue.status} />
            <span className={`pill level-pill level-pill-${issue.level}`}>{issue.level}</span>
            {issue.isUnhandled && <span className="pill pill-unhandled">Unhandled</span>}
          </div>
        </div>
        <dl className="issue-numbers">
          <div>
            <dt>Events</dt>
            <dd title={issue.count}>{shortCount(issue.count)}</dd>
          </div>
          <div>
            <dt>Users</dt>
            <dd title={String(issue.userCount)}>{shortCount(issue.userCount)}</dd>
          </div>
        </dl>
      </div>
      <div className="issue-header-foot">
        <IssueActions org={org} issue={issue} />
        <dl className="seen">
          <div>
            <dt>First seen</dt>
            <dd>
              <RelativeTime date={issue.firstSeen} />
              {issue.firstRelease && <span className="release"> in {issue.firstRelease.version}</span>}
            </dd>
          </div>
          <div>
            <dt>Last seen</dt>
            <dd>
              <RelativeTime date={issue.lastSeen} />
              {issue.lastRelease && <span className="release"> in {issue.lastRelease.version}</span>}
            </dd>
          </div>
        </dl>
      </div>
    </header>
  );
}
