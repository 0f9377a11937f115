/**
 * Start and end times of transactions and spans: parsed like event timestamps (Unix seconds or
 * RFC 3339), shifted by the envelope's clock drift, and re-dated as a whole (keeping the duration) when
 * the end is more than a minute in the future or older than 30 days, as Relay re-dates events.
 */
import { parseTimestamp } from '../event/timestamps.js';

/** Relay's `max_secs_in_future`. */
const MAX_FUTURE_MS = 60 * 1000;
/** Relay's `max_secs_in_past`. */
const MAX_PAST_MS = 30 * 24 * 60 * 60 * 1000;

/** Resolved times in precise Unix ms, and the total shift applied to the client's clock. */
export interface ResolvedTimes {
  startMs: number;
  endMs: number;
  /** Drift correction plus re-dating, to apply to the times of child spans. */
  shiftMs: number;
}

/**
 * Resolves a start/end pair. A missing side takes the other's value (duration 0); an end before the
 * start is moved to the start. Undefined when neither can be read.
 */
export function resolveTimes(
  rawStart: unknown,
  rawEnd: unknown,
  driftMs: number,
  receivedAt: number,
): ResolvedTimes | undefined {
  let start = parseTimestamp(rawStart);
  let end = parseTimestamp(rawEnd);
  if (start === undefined && end === undefined) return undefined;
  start ??= end!;
  end ??= start;
  if (end < start) end = start;
  start += driftMs;
  end += driftMs;
  let shift = driftMs;
  if (end > receivedAt + MAX_FUTURE_MS || end < receivedAt - MAX_PAST_MS) {
    const redate = receivedAt - end;
    start += redate;
    end += redate;
    shift += redate;
  }
  return { startMs: roundMicros(start), endMs: roundMicros(end), shiftMs: shift };
}

/** A child time shifted like its transaction; undefined when unreadable. */
export function shiftedTime(raw: unknown, shiftMs: number): number | undefined {
  const parsed = parseTimestamp(raw);
  return parsed === undefined ? undefined : roundMicros(parsed + shiftMs);
}

function roundMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
