import { readBreadcrumbs, readExceptions, readMessage, readRequest } from '../../lib/event-data';
import type { EventDetail } from '../../lib/types';
import { BreadcrumbsSection } from './breadcrumbs-section';
import { ContextsSection } from './contexts-section';
import { EventTags } from './event-tags';
import { ExceptionSection } from './exception-section';
import { RawJson } from './raw-json';
import { RequestSection } from './request-section';
import { Section } from './section';

/** One event, section by section, every value from the SDK rendered as text. */
export function EventView({ event }: { event: EventDetail }) {
  const exceptions = readExceptions(event.entries);
  const message = readMessage(event.entries);
  const crumbs = readBreadcrumbs(event.entries);
  const request = readRequest(event.entries);
  return (
    <div className="event-view">
      {message && (
        <Section title="Message" testId="message">
          <pre className="block message">{message}</pre>
        </Section>
      )}
      {exceptions.length > 0 && <ExceptionSection values={exceptions} />}
      {crumbs.length > 0 && <BreadcrumbsSection crumbs={crumbs} />}
      {request && <RequestSection request={request} />}
      <EventTags tags={event.tags} />
      <ContextsSection event={event} />
      <RawJson event={event} />
    </div>
  );
}
