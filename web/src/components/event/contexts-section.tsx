import { asRecord } from '../../lib/event-data';
import type { EventDetail } from '../../lib/types';
import { KeyValueTable } from '../key-value-table';
import { Section } from './section';

/** Context cards people look for first, in this order; any other context follows. */
const ORDER = ['browser', 'os', 'runtime', 'device', 'trace', 'app', 'culture', 'cloud_resource'];

function Card({ title, value }: { title: string; value: unknown }) {
  const obj = asRecord(value);
  // `type` repeats the card's name (Sentry's contexts carry their kind); leave it out.
  const rows = obj
    ? Object.entries(obj).filter(([k]) => k !== 'type')
    : [['value', value] as [string, unknown]];
  return (
    <div className="context-card">
      <h3>{title}</h3>
      <KeyValueTable rows={rows} />
    </div>
  );
}

/** User, contexts (browser, OS, runtime, device, trace, …) and the SDK, as cards. */
export function ContextsSection({
  event,
}: {
  event: Pick<EventDetail, 'user' | 'contexts' | 'sdk'> & { context?: EventDetail['context'] };
}) {
  const contexts = Object.entries(event.contexts ?? {}).sort(([a], [b]) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  const extra = Object.entries(event.context ?? {});
  return (
    <Section title="Contexts" testId="contexts">
      <div className="context-grid">
        {event.user && <Card title="user" value={event.user} />}
        {contexts.map(([key, value]) => (
          <Card key={key} title={key} value={value} />
        ))}
        {event.sdk && <Card title="sdk" value={{ name: event.sdk.name, version: event.sdk.version }} />}
        {extra.length > 0 && <Card title="additional data" value={Object.fromEntries(extra)} />}
      </div>
    </Section>
  );
}
