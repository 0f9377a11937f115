/**
 * Sentry envelope framing (ingest.md §3): parse and serialise, byte-exact and binary-safe.
 *
 * ```
 * Envelope = Headers { "\n" Item } [ "\n" ]
 * Item     = Headers "\n" Payload
 * ```
 * Payloads are `Buffer` slices of the request body, never decoded to strings here: replay
 * recordings and attachments are binary and may contain `\n` and NUL bytes.
 */
import { badRequest } from './errors.js';
import { isObject } from './json.js';
import { parseJsonText } from './json-text.js';
import { createLimitChecker, DEFAULT_ENVELOPE_LIMITS } from './envelope-limits.js';
export { itemCategory } from './item-category.js';
import type { EnvelopeLimits } from './envelope-limits.js';

export type { EnvelopeLimits } from './envelope-limits.js';
export { DEFAULT_ENVELOPE_LIMITS } from './envelope-limits.js';

/** Item header: `type` is required; every other key (`length`, `content_type`, `filename`, …) is kept. */
export type ItemHeaders = Record<string, unknown> & { type: string; length?: number };

/** One envelope item; `payload` is exactly the item's bytes. */
export interface EnvelopeItem {
  headers: ItemHeaders;
  payload: Buffer;
}

/** A parsed envelope. `headers.event_id`, when present, is normalised to 32 lowercase hex. */
export interface Envelope {
  headers: Record<string, unknown>;
  items: EnvelopeItem[];
}

const NEWLINE = 0x0a;

// Header lines must be valid UTF-8 (spec); `fatal` makes the decoder throw instead of substituting.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const HEX32 = /^[0-9a-f]{32}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Normalises an event id to 32 lowercase hex. Accepts 32 hex digits or a hyphenated UUID (some SDKs
 * send the latter); returns null for anything else.
 */
export function normalizeEventId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (HEX32.test(value)) return value.toLowerCase();
  if (UUID.test(value)) return value.replaceAll('-', '').toLowerCase();
  return null;
}

/**
 * Parses an envelope body (already decompressed). Throws ProtocolError: 400 for any framing or
 * header problem, 413 when a limit in `limits` (defaults: {@link DEFAULT_ENVELOPE_LIMITS}) is exceeded.
 *
 * Framing decisions, after Relay:
 * - the first line is the envelope header; an empty body is refused;
 * - an item with `length` takes exactly that many bytes, which must be followed by `\n` or the end;
 * - an item without `length` runs to the next `\n` (a `\r` before it stays in the payload);
 * - a blank line where an item header is expected is skipped, so a doubled trailing newline is fine;
 * - a header line may end in `\r` (`JSON.parse` ignores the trailing whitespace).
 */
export function parseEnvelope(body: Buffer, limits?: Partial<EnvelopeLimits>): Envelope {
  const lim: EnvelopeLimits = { ...DEFAULT_ENVELOPE_LIMITS, ...limits };
  if (body.length === 0) throw badRequest('invalid_envelope', 'empty envelope body');

  const first = readLine(body, 0, lim.maxHeaderLineBytes, 'envelope header');
  const headers = parseHeaderLine(first.line, 'envelope header');
  normalizeHeaderEventId(headers);

  const check = createLimitChecker(lim);
  const items: EnvelopeItem[] = [];
  let pos = first.next;
  while (pos < body.length) {
    const index = items.length;
    const { line, next } = readLine(body, pos, lim.maxHeaderLineBytes, `item ${index} header`);
    if (isBlank(line)) {
      pos = next;
      continue;
    }
    const itemHeaders = parseItemHeaders(line, index);
    const length = itemHeaders.length;
    let end: number;
    if (length === undefined) {
      const newline = body.indexOf(NEWLINE, next);
      end = newline === -1 ? body.length : newline;
    } else {
      end = next + length;
      if (end > body.length) {
        throw badRequest(
          'invalid_envelope',
          `item ${index} (${itemHeaders.type}) declares length ${length} but only ${body.length - next} bytes remain`,
        );
      }
      if (end < body.length && body[end] !== NEWLINE) {
        throw badRequest(
          'invalid_envelope',
          `item ${index} (${itemHeaders.type}) payload of declared length ${length} is not followed by a newline`,
        );
      }
    }
    check(itemHeaders.type, itemHeaders, end - next);
    items.push({ headers: itemHeaders, payload: body.subarray(next, end) });
    pos = end + 1;
  }
  return { headers, items };
}

/** The bytes of the line starting at `start` (without its `\n`) and where the next line starts. */
function readLine(
  body: Buffer,
  start: number,
  maxBytes: number,
  what: string,
): { line: Buffer; next: number } {
  // Search only one byte past the limit: an over-long line is refused without scanning a huge body.
  const window = body.subarray(start, start + maxBytes + 1);
  const newline = window.indexOf(NEWLINE);
  if (newline === -1 && window.length > maxBytes) {
    throw badRequest('invalid_envelope', `${what} line is longer than ${maxBytes} bytes`);
  }
  const end = newline === -1 ? start + window.length : start + newline;
  return { line: body.subarray(start, end), next: Math.min(end + 1, body.length) };
}

function isBlank(line: Buffer): boolean {
  for (const b of line) {
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}

function parseHeaderLine(line: Buffer, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = strictUtf8.decode(line);
  } catch {
    throw badRequest('invalid_envelope', `${what} is not valid UTF-8`);
  }
  if (text.trim() === '') throw badRequest('invalid_envelope', `${what} is missing`);
  const value = parseJsonText(text, what, 'invalid_envelope');
  if (!isObject(value)) throw badRequest('invalid_envelope', `${what} must be a JSON object`);
  return value;
}

function parseItemHeaders(line: Buffer, index: number): ItemHeaders {
  const what = `item ${index} header`;
  const headers = parseHeaderLine(line, what);
  const { type, length } = headers;
  if (typeof type !== 'string' || type === '') {
    throw badRequest('invalid_envelope', `${what} needs a non-empty string "type"`);
  }
  // `length: null` means "no length", as it does for Relay's optional field.
  if (length === null) delete headers.length;
  else if (length !== undefined && !(Number.isSafeInteger(length) && (length as number) >= 0)) {
    throw badRequest('invalid_envelope', `${what} has an invalid "length": ${JSON.stringify(length)}`);
  }
  return headers as ItemHeaders;
}

function normalizeHeaderEventId(headers: Record<string, unknown>): void {
  const raw = headers.event_id;
  if (raw === undefined) return;
  if (raw === null) {
    delete headers.event_id;
    return;
  }
  const id = normalizeEventId(raw);
  if (id === null) {
    throw badRequest(
      'invalid_event_id',
      `envelope header event_id ${JSON.stringify(raw)} is not a 32-hex id or UUID`,
    );
  }
  headers.event_id = id;
}

/**
 * Serialises an envelope, writing an explicit `length` on every item and a newline after every
 * payload (the Python SDK's style), so any payload bytes round-trip exactly.
 */
export function serializeEnvelope(env: Envelope): Buffer {
  const parts: Buffer[] = [Buffer.from(JSON.stringify(env.headers) + '\n')];
  for (const item of env.items) {
    const headers = { ...item.headers, length: item.payload.length };
    parts.push(Buffer.from(JSON.stringify(headers) + '\n'), item.payload, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}
