/**
 * The one error type of the ingest edge (after Relay's single ingest error): every refusal carries the
 * HTTP status it maps to and a human-readable `detail`. Only `src/ingest/reply.ts` turns it into a response.
 */
export class ProtocolError extends Error {
  /** HTTP status: 400, 401, 403, 413, 415, 429 or 503. */
  readonly status: number;
  /** Outcome reason code counted for the operator (e.g. `invalid_envelope`, `auth_missing`). */
  readonly reason: string;
  /** The data category the refusal is counted under, when it concerns one kind of item (e.g. `replay`). */
  readonly category: string | undefined;

  constructor(status: number, reason: string, detail: string, category?: string) {
    super(detail);
    this.name = 'ProtocolError';
    this.status = status;
    this.reason = reason;
    this.category = category;
  }
}

/** Shorthand constructors so call sites read as the rule they enforce. */
export const badRequest = (reason: string, detail: string): ProtocolError =>
  new ProtocolError(400, reason, detail);
export const unauthorized = (reason: string, detail: string): ProtocolError =>
  new ProtocolError(401, reason, detail);
export const forbidden = (reason: string, detail: string): ProtocolError =>
  new ProtocolError(403, reason, detail);
export const tooLarge = (reason: string, detail: string, category?: string): ProtocolError =>
  new ProtocolError(413, reason, detail, category);
export const unsupportedMedia = (reason: string, detail: string): ProtocolError =>
  new ProtocolError(415, reason, detail);
