/**
 * Body decoding for the legacy `/api/{project_id}/store/` route (ingest.md §2): one event JSON object,
 * possibly base64-encoded and/or zlib-compressed by old SDKs (raven-era clients base64 a deflated body;
 * Python SDK 1.x sends plain JSON with bare `NaN`s, gzipped via Content-Encoding).
 */
import zlib from 'node:zlib';
import { badRequest, tooLarge } from './errors.js';
import { parseJsonObject } from './json-text.js';

export { parseJsonObject } from './json-text.js';

const OPEN_BRACE = 0x7b;
const BASE64_TEXT = /^[A-Za-z0-9+/_=\s-]+$/;

/** Index of the first byte that is not JSON whitespace (or a UTF-8 BOM), or the buffer length. */
function firstSignificant(buf: Buffer): number {
  let i = 0;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
  while (i < buf.length) {
    const b = buf[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) break;
    i++;
  }
  return i;
}

function startsWithBrace(buf: Buffer): boolean {
  return buf[firstSignificant(buf)] === OPEN_BRACE;
}

/**
 * Inflates zlib (or gzip) data, stopping at `maxInflated` output bytes so a compression bomb becomes
 * a 413 instead of exhausting memory.
 */
function inflateBounded(data: Buffer, maxInflated: number): Buffer {
  try {
    // `unzipSync` auto-detects the zlib and gzip wrappers; `maxOutputLength` aborts while inflating.
    return zlib.unzipSync(data, { maxOutputLength: maxInflated });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw tooLarge('body_too_large', `store body inflates to more than ${maxInflated} bytes`);
    }
    throw badRequest('invalid_store_body', 'store body is neither JSON, base64 nor zlib-compressed JSON');
  }
}

/**
 * Decodes a `/store/` body into the event object. If the body (after leading whitespace) does not
 * start with `{` it is base64-decoded; if that still is not JSON it is zlib-inflated, bounded by
 * `maxInflated` bytes (413 beyond). Bare `NaN`/`Infinity` become `null`. Non-object JSON → 400.
 */
export function parseStoreBody(body: Buffer, maxInflated: number): Record<string, unknown> {
  const start = firstSignificant(body);
  if (start === body.length) throw badRequest('invalid_store_body', 'empty store body');

  let json = body;
  if (body[start] !== OPEN_BRACE) {
    const text = body.toString('latin1');
    // Only text that looks like base64 is decoded: Node's decoder silently skips foreign bytes, which
    // would turn a raw (non-base64) zlib body into garbage.
    const decoded = BASE64_TEXT.test(text) ? Buffer.from(text, 'base64') : body;
    json = startsWithBrace(decoded) ? decoded : inflateBounded(decoded, maxInflated);
  }
  if (json.length > maxInflated) {
    throw tooLarge('body_too_large', `store body is ${json.length} bytes; the limit is ${maxInflated}`);
  }
  return parseJsonObject(json, 'event');
}
