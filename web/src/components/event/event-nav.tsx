import { Link } from 'react-router';
import type { EventDetail } from '../../lib/types';
import { RelativeTime } from '../relative-time';

/** Oldest / older / newer / latest, plus which event this is and, when it has one, a link to its trace. */
export function EventNav({
  event,
  base,
  traceHref,
  replayHref,
}: {
  event: EventDetail;
  base: string;
  traceHref?: string | null;
  replayHref?: string | null;
}) {
  const to = (id: string) => `${base}events/${encodeURIComponent(id)}/`;
  const step = (label: string, id: string | null, testId: string) =>
    id ? (
      <Link className="btn btn-small" to={to(id)} data-testid={testId}>
        {label}
      </Link>
    ) : (
      <span className="btn btn-small disabled" aria-disabled="true" data-testid={testId}>
        {label}
      </span>
    );
  return (
    <div className="event-nav">
      <div className="event-id">
        <span className="muted">Event</span> <code>{event.eventID.slice(0, 12)}</code>{' '}
        <RelativeTime date={event.dateCreated} />
        {event.release && (
          <span className="release" title="Release">
            {' · '}
            {event.release.version}
          </span>
        )}
        {event.environment && (
          <span className="muted" title="Environment">
            {' · '}
            {event.environment}
          </span>
        )}
      </div>
      <div className="btn-group">
        {traceHref && (
          <Link className="btn btn-small" to={traceHref} data-testid="event-trace">
            Trace
          </Link>
        )}
        {replayHref && (
          <Link className="btn btn-small" to={replayHref} data-testid="event-replay">
            ▶ Replay
          </Link>
        )}
        {step('« Oldest', event.previousEventID ? 'oldest' : null, 'event-oldest')}
        {step('‹ Older', event.previousEventID, 'event-older')}
        {step('Newer ›', event.nextEventID, 'event-newer')}
        {step('Latest »', event.nextEventID ? 'latest' : null, 'event-latest')}
      </div>
    </div>
  );
}
