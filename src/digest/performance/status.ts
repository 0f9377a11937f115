/**
 * Span statuses as Relay stores them: the gRPC-style names of `contexts.trace.status` and span `status`.
 * SDKs send the names, legacy spellings (`unknown_error`, `canceled`), numeric gRPC codes, and v2 spans
 * send only `ok` / `error`.
 */

/** Relay's `SpanStatus` names, in gRPC code order (index = numeric code). */
export const SPAN_STATUSES = [
  'ok',
  'cancelled',
  'unknown',
  'invalid_argument',
  'deadline_exceeded',
  'not_found',
  'already_exists',
  'permission_denied',
  'resource_exhausted',
  'failed_precondition',
  'aborted',
  'out_of_range',
  'unimplemented',
  'internal_error',
  'unavailable',
  'data_loss',
  'unauthenticated',
] as const;

/** A span status name. */
export type SpanStatus = (typeof SPAN_STATUSES)[number];

const KNOWN = new Set<string>(SPAN_STATUSES);
const ALIASES: Record<string, SpanStatus> = {
  unknown_error: 'unknown',
  canceled: 'cancelled',
  deadlineexceeded: 'deadline_exceeded',
};

/**
 * The status for an HTTP response code, as the JS SDK maps it (`getSpanStatusFromHttpCode`), or
 * undefined below 400.
 */
export function statusFromHttpCode(code: number | null | undefined): SpanStatus | undefined {
  if (code === null || code === undefined || !Number.isInteger(code) || code < 400 || code > 599)
    return undefined;
  const exact: Record<number, SpanStatus> = {
    400: 'invalid_argument',
    401: 'unauthenticated',
    403: 'permission_denied',
    404: 'not_found',
    409: 'already_exists',
    413: 'failed_precondition',
    429: 'resource_exhausted',
    499: 'cancelled',
    500: 'internal_error',
    501: 'unimplemented',
    503: 'unavailable',
    504: 'deadline_exceeded',
  };
  return exact[code] ?? (code < 500 ? 'invalid_argument' : 'internal_error');
}

/**
 * Normalises a status: known names (any case) kept, aliases mapped, gRPC codes 0–16 named. The v2
 * `error` status becomes the HTTP status's name when there is one, else `internal_error`. Missing or
 * unrecognised → `unknown` (Relay's default).
 */
export function normalizeStatus(value: unknown, httpCode?: number | null): SpanStatus {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value < SPAN_STATUSES.length
      ? SPAN_STATUSES[value]!
      : 'unknown';
  }
  if (typeof value !== 'string') return 'unknown';
  const s = value.trim().toLowerCase();
  if (KNOWN.has(s)) return s as SpanStatus;
  const alias = ALIASES[s];
  if (alias) return alias;
  if (s === 'error') return statusFromHttpCode(httpCode) ?? 'internal_error';
  return 'unknown';
}
