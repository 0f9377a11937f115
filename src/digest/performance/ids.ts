/**
 * Trace and span identifiers. Ids are attacker-controlled strings: they are validated (hex of the right
 * length, lowercase, UUID dashes removed) before they become keys, and invalid ones read as absent.
 */
import { createHash } from 'node:crypto';

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const ZEROS = /^0+$/;

/** A 32-hex trace id (UUID form accepted), lowercase, else undefined. */
export function validTraceId(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  // Nearly every id arrives in canonical form: checked as is before any copy is made.
  if (HEX32.test(value)) return ZEROS.test(value) ? undefined : value;
  const id = value.trim().toLowerCase().replace(/-/g, '');
  return HEX32.test(id) && !ZEROS.test(id) ? id : undefined;
}

/** A 16-hex span id, lowercase, else undefined. */
export function validSpanId(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 32) return undefined;
  if (HEX16.test(value)) return ZEROS.test(value) ? undefined : value;
  const id = value.trim().toLowerCase();
  return HEX16.test(id) && !ZEROS.test(id) ? id : undefined;
}

/**
 * The event id of a transaction made from a span (a v2 segment root or an INP span): md5 of trace id +
 * span id, as 32 hex. Stable, so the same segment processed twice (a retried envelope) is stored once,
 * and a child span can name its transaction before the segment itself arrives.
 */
export function segmentEventId(traceId: string, spanId: string): string {
  return createHash('md5')
    .update(traceId + spanId)
    .digest('hex');
}

/** A span id derived from an event id (a transaction item whose trace context had none). */
export function derivedSpanId(eventId: string): string {
  return createHash('md5').update(`span:${eventId}`).digest('hex').slice(0, 16);
}
