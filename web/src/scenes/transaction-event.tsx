import { Link, useParams } from 'react-router';
import { ContextsSection } from '../components/event/contexts-section';
import { EventTags } from '../components/event/event-tags';
import { RawJson } from '../components/event/raw-json';
import { Section } from '../components/event/section';
import { NotFound, ErrorState, Loading } from '../components/page-state';
import { VitalChips } from '../components/perf/vital-chips';
import { Waterfall } from '../components/perf/waterfall';
import { RelativeTime } from '../components/relative-time';
import { seg } from '../lib/api';
import { formatDuration, isoFromSeconds } from '../lib/perf-format';
import { parseEventSlug, summaryPath, tracePath } from '../lib/perf-links';
import { useTransactionEvent } from '../lib/perf-queries';
import { useProjects } from '../lib/queries';
import { eventRows, readMeasurements, releaseOf, traceContext } from '../lib/transaction-event';
import { useTitle } from '../lib/use-title';

/** `/organizations/:org/performance/:project::eventId/`: one transaction and its span waterfall. */
export function TransactionEvent() {
  const { org, eventSlug } = useParams() as { org: string; eventSlug: string };
  const ref = parseEventSlug(eventSlug);
  const event = useTransactionEvent(org, ref?.project ?? '', ref?.eventId ?? '', ref !== null);
  const projects = useProjects(org);
  useTitle(event.data?.transaction, 'Performance');

  if (!ref) return <NotFound what="transaction" />;
  if (event.isPending) return <Loading what="Loading transaction" />;
  if (event.isError) return <ErrorState error={event.error} what="transaction" />;
  const tx = event.data;
  if (tx.type !== 'transaction') return <NotFound what="transaction" />;
  const trace = traceContext(tx);
  const traceLink = tracePath(org, trace.traceId);
  const projectId = projects.data?.find((p) => p.slug === ref.project)?.id ?? '';
  const summary = summaryPath(org, new URLSearchParams({ transaction: tx.transaction, project: projectId }));
  const release = releaseOf(tx);

  return (
    <div className="page page-wide">
      <header className="perf-header">
        <div className="crumbs">
          <Link to={`/organizations/${seg(org)}/performance/`}>Performance</Link>
          <span aria-hidden="true">/</span>
          <span>{ref.project}</span>
          <span aria-hidden="true">/</span>
          <Link className="mono" to={summary}>
            {tx.transaction}
          </Link>
          <span aria-hidden="true">/</span>
          <span className="mono">event {tx.eventID.slice(0, 8)}</span>
        </div>
        <div className="perf-title-row">
          <h1 data-testid="transaction-name">{tx.transaction}</h1>
          {traceLink && (
            <Link className="btn btn-small" to={traceLink}>
              View trace
            </Link>
          )}
        </div>
        <div className="perf-meta">
          <span className="pill">{trace.op}</span>
          <span className={`pill status-pill status-${trace.status === 'ok' ? 'ok' : 'bad'}`}>
            {trace.status}
          </span>
          <strong>{formatDuration((tx.endTimestamp - tx.startTimestamp) * 1000)}</strong>
          <span className="muted">
            <RelativeTime date={isoFromSeconds(tx.startTimestamp)} />
          </span>
          {release && <span className="release">{release}</span>}
          {tx.environment && <span className="muted">{tx.environment}</span>}
        </div>
        <VitalChips measurements={readMeasurements(tx)} />
      </header>
      <div className="event-view perf-event">
        <Section title="Spans" testId="span-section">
          <Waterfall org={org} rows={eventRows(tx)} testId="span-waterfall" />
        </Section>
        <EventTags tags={tx.tags ?? []} />
        <ContextsSection event={tx} />
        <RawJson event={tx} />
      </div>
    </div>
  );
}
