import { randomUUID } from 'node:crypto';
import { parseEnvelope, serializeEnvelope, normalizeEventId, type Envelope } from '../protocol/envelope.js';
import { parseStoreBody } from '../protocol/store-body.js';

/** An accepted request, ready to spool: the envelope bytes and the id to answer with. */
export interface AcceptedBody {
  envelope: Envelope;
  bytes: Buffer;
  eventId: string | null;
}

/** Parses an `/envelope/` body; the bytes are spooled as they came, already validated. */
export function acceptEnvelope(body: Buffer): AcceptedBody {
  const envelope = parseEnvelope(body);
  return { envelope, bytes: body, eventId: normalizeEventId(envelope.headers.event_id) };
}

/**
 * Turns a legacy `/store/` body into a one-item envelope, so the digest has one input format.
 * The event id is fixed here (generated when missing) so a replay after a crash keeps it.
 */
export function acceptStoreBody(body: Buffer, maxInflated: number): AcceptedBody {
  const event = parseStoreBody(body, maxInflated);
  const eventId = normalizeEventId(event.event_id) ?? randomUUID().replaceAll('-', '');
  event.event_id = eventId;
  const envelope: Envelope = {
    headers: { event_id: eventId },
    items: [
      {
        headers: { type: event.type === 'transaction' ? 'transaction' : 'event' },
        payload: Buffer.from(JSON.stringify(event)),
      },
    ],
  };
  return { envelope, bytes: serializeEnvelope(envelope), eventId };
}
