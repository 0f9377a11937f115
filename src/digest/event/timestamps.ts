/**
 * Event timestamps as Relay reads them: RFC 3339 strings (Python sends microseconds, some SDKs omit the
 * zone) or Unix seconds as a float (JS), corrected for client clock drift and clamped to sane bounds.
 */

/** Relay only corrects drift above this (smaller skews are normal network/processing delay). */
const MIN_CLOCK_DRIFT_MS = 55 * 60 * 1000;
/** Relay's `max_secs_in_future`. */
const MAX_FUTURE_MS = 60 * 1000;
/** Relay's `max_secs_in_past` (events older than the retention window are re-dated to receipt). */
const MAX_PAST_MS = 30 * 24 * 60 * 60 * 1000;

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/**
 * Parses a timestamp into Unix milliseconds (fractional, microsecond precision kept). Accepts Unix
 * seconds (number or numeric string) and RFC 3339 with or without a zone (no zone = UTC, as Relay does).
 */
export function parseTimestamp(value: unknown): number | undefined {
  if (typeof value === 'number') return secondsToMs(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.length > 64) return undefined;
  if (/^-?\d+(\.\d+)?$/.test(text)) return secondsToMs(Number(text));
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  if (month! < 1 || month! > 12 || day! < 1 || day! > 31 || hour! > 23 || minute! > 59 || second! > 60) {
    return undefined;
  }
  let ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!);
  if (m[7]) ms += Number(`0.${m[7]}`) * 1000;
  if (m[9]) {
    const offset = (Number(m[10]) * 60 + Number(m[11])) * 60 * 1000;
    ms += m[9] === '+' ? -offset : offset;
  }
  return Number.isFinite(ms) ? roundMicros(ms) : undefined;
}

function secondsToMs(seconds: number): number | undefined {
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > 1e11) return undefined;
  return roundMicros(seconds * 1000);
}

/** Rounds to whole microseconds so `1795240319.098 * 1000` reads as `…098`, not `…098.0001`. */
function roundMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * The shift to add to client timestamps: `receivedAt - sentAt` when the client clock is off by more than
 * Relay's threshold, else 0. Envelopes carry `sent_at` precisely so servers can do this.
 */
export function clockDrift(receivedAt: number, sentAt: number | undefined): number {
  if (sentAt === undefined || !Number.isFinite(sentAt)) return 0;
  const drift = receivedAt - sentAt;
  return Math.abs(drift) >= MIN_CLOCK_DRIFT_MS ? drift : 0;
}

/**
 * The event time: parsed, drift-corrected, and re-dated to the receive time when missing, more than a
 * minute in the future, or older than 30 days (Relay's timestamp processor does the same).
 */
export function eventTimestamp(raw: unknown, receivedAt: number, drift: number): number {
  const parsed = parseTimestamp(raw);
  if (parsed === undefined) return receivedAt;
  const corrected = parsed + drift;
  if (corrected > receivedAt + MAX_FUTURE_MS) return receivedAt;
  if (corrected < receivedAt - MAX_PAST_MS) return receivedAt;
  return corrected;
}

/** A secondary timestamp (breadcrumb) as Unix seconds, drift-corrected; undefined when unreadable. */
export function secondaryTimestamp(raw: unknown, drift: number): number | undefined {
  const parsed = parseTimestamp(raw);
  return parsed === undefined ? undefined : roundMicros(parsed + drift) / 1000;
}
