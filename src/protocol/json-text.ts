/**
 * JSON text handling shared by the envelope and `/store/` parsers.
 *
 * Two wire quirks meet here: Python SDK 1.x serialises floats with `json.dumps(allow_nan=True)`, so
 * bare `NaN`, `Infinity` and `-Infinity` tokens reach us and `JSON.parse` rejects them; and a hostile
 * body can nest arrays thousands deep, which is harmless to `JSON.parse` but not to the recursive
 * normalisers downstream. One scan over the text handles both before anything is parsed.
 */
import { badRequest } from './errors.js';
import { isObject } from './json.js';

/** Deepest object/array nesting accepted anywhere on the wire (real events stay far below it). */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const CHAR_N = 0x4e;
const CHAR_I = 0x49;
const MINUS = 0x2d;

/**
 * Replaces bare `NaN`, `Infinity` and `-Infinity` tokens outside strings with `null` and throws a
 * 400 (`json_too_deep`) when objects/arrays nest deeper than `maxDepth`. Text inside strings is never
 * touched. Returns the input unchanged (no copy) when nothing needed repairing.
 */
export function repairJsonText(text: string, what: string, maxDepth: number = MAX_JSON_DEPTH): string {
  let depth = 0;
  let chunks: string[] | null = null; // allocated only once a repair is needed
  let copiedUpTo = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = closingQuote(text, i);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) {
        throw badRequest('json_too_deep', `${what} JSON nests deeper than ${maxDepth} levels`);
      }
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    } else {
      const len = nonFiniteTokenLength(text, i, c);
      if (len > 0) {
        chunks ??= [];
        chunks.push(text.slice(copiedUpTo, i), 'null');
        i += len - 1;
        copiedUpTo = i + 1;
      }
    }
  }
  if (chunks === null) return text;
  chunks.push(text.slice(copiedUpTo));
  return chunks.join('');
}

/** Length of a Python-style non-finite literal starting at `i`, or 0. */
function nonFiniteTokenLength(text: string, i: number, c: number): number {
  if (c === CHAR_N && text.startsWith('NaN', i)) return 3;
  if (c === CHAR_I && text.startsWith('Infinity', i)) return 8;
  if (c === MINUS && text.startsWith('-Infinity', i)) return 9;
  return 0;
}

/**
 * Index of the quote closing the string opened at `start` (or the text length when unterminated,
 * leaving the error to `JSON.parse`). A quote is escaped when an odd number of backslashes precede it.
 */
function closingQuote(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q === -1) return text.length;
    let backslashes = 0;
    for (let b = q - 1; b > start && text.charCodeAt(b) === BACKSLASH; b--) backslashes++;
    if (backslashes % 2 === 0) return q;
    from = q + 1;
  }
}

/**
 * Parses JSON text after {@link repairJsonText}. Syntax errors become a 400 with `reason` and a detail
 * such as `invalid event JSON: Unexpected token ...`.
 */
export function parseJsonText(text: string, what: string, reason = 'invalid_json'): unknown {
  const repaired = repairJsonText(text, what);
  try {
    return JSON.parse(repaired) as unknown;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw badRequest(reason, `invalid ${what} JSON: ${message}`);
  }
}

/**
 * JSON-parses an item payload (or a decoded `/store/` body) that must hold one JSON object, with the
 * NaN repair and depth limit applied. Invalid UTF-8 is replaced with U+FFFD rather than refused, so
 * one bad byte in a log message does not lose the whole event; a leading UTF-8 BOM is ignored.
 */
export function parseJsonObject(payload: Buffer, what: string): Record<string, unknown> {
  let text = payload.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw badRequest('invalid_json', `invalid ${what} JSON: empty payload`);
  const value = parseJsonText(text, what);
  if (!isObject(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
    throw badRequest('invalid_json', `${what} JSON must be an object, got ${kind}`);
  }
  return value;
}
