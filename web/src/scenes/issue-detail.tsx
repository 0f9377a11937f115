import { useEffect } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { BarChart } from '../components/bar-chart';
import { EventNav } from '../components/event/event-nav';
import { EventView } from '../components/event/event-view';
import { IssueHeader } from '../components/issue/issue-header';
import { TagDistribution } from '../components/issue/tag-distribution';
import { ErrorState, Loading } from '../components/page-state';
import { seg } from '../lib/api';
import { rememberOrg } from '../lib/current-org';
import { replayIdOf, traceIdOf } from '../lib/event-data';
import { replayPath, tracePath } from '../lib/perf-links';
import { useIssue, useIssueEvent, useIssueTags } from '../lib/queries';
import { useTitle } from '../lib/use-title';

/** `/organizations/:org/issues/:issueId/[events/:eventId/]`: an issue and one of its events. */
export function IssueDetail() {
  const {
    org,
    issueId,
    eventId: pathEvent,
  } = useParams() as { org: string; issueId: string; eventId?: string };
  const [search] = useSearchParams();
  const eventId = pathEvent ?? search.get('event') ?? 'latest';
  const issue = useIssue(org, issueId);
  useTitle(issue.data?.shortId, issue.data?.title);
  // The issue answer is what proves the caller may see this organization; ask for the rest after it.
  const allowed = issue.isSuccess;
  const event = useIssueEvent(issueId, eventId, allowed);
  const tags = useIssueTags(issueId, allowed);
  useEffect(() => rememberOrg(org), [org]);

  if (issue.isPending) return <Loading what="Loading issue" />;
  if (issue.isError) return <ErrorState error={issue.error} what="issue" />;
  const base = `/organizations/${seg(org)}/issues/${seg(issueId)}/`;
  const series = issue.data.stats?.['24h'] ?? [];

  return (
    <div className="page page-wide issue-detail">
      <IssueHeader org={org} issue={issue.data} />
      <div className="detail-grid">
        {/* While the next event loads, the previous one stays, dimmed, rather than a blank page. */}
        <div
          className={event.isPlaceholderData ? 'detail-main stale' : 'detail-main'}
          aria-busy={event.isFetching}
        >
          {event.isPending ? (
            <Loading what="Loading event" />
          ) : event.isError ? (
            <ErrorState error={event.error} what="event" />
          ) : (
            <>
              <EventNav
                event={event.data}
                base={base}
                traceHref={tracePath(org, traceIdOf(event.data))}
                replayHref={replayPath(org, replayIdOf(event.data), Date.parse(event.data.dateCreated))}
              />
              <EventView event={event.data} />
            </>
          )}
        </div>
        <aside className="detail-side">
          <section className="side-card">
            <h2>Last 24 hours</h2>
            <BarChart series={series} hourly />
          </section>
          <section className="side-card">
            <h2>Tags</h2>
            {tags.data ? (
              <TagDistribution tags={tags.data} />
            ) : tags.isError ? (
              <ErrorState error={tags.error} what="tags" />
            ) : (
              <Loading />
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}
