/**
 * Scrubbing of the network details a replay recording carries (`performanceSpan` custom events of ops
 * `resource.fetch` / `resource.xhr` with request and response headers and bodies). The SDK masks page
 * text and inputs itself; the server never unmasks anything, and it removes credentials the SDK
 * captured from network traffic, using the key rules of Sentry's default data scrubber.
 */

/** Keys whose values are credentials (Sentry's default sensitive fields, plus cookies and CSRF tokens). */
const SENSITIVE_KEY =
  /pass(wd|word)?|secret|api_?key|auth|credential|mysql_pwd|private_?key|token|session|cookie|csrf|xsrf|bearer/i;

export const FILTERED = '[Filtered]';

const NETWORK_OPS = new Set(['resource.fetch', 'resource.xhr']);

/** Replaces sensitive values in a JSON value in place; returns whether anything changed. */
function scrubValue(value: unknown, depth = 0): boolean {
  if (depth > 20 || typeof value !== 'object' || value === null) return false;
  let changed = false;
  if (Array.isArray(value)) {
    for (const v of value) changed = scrubValue(v, depth + 1) || changed;
    return changed;
  }
  const record = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(record)) {
    if (SENSITIVE_KEY.test(key)) {
      if (v === null || v === FILTERED) continue;
      record[key] = FILTERED;
      changed = true;
    } else {
      changed = scrubValue(v, depth + 1) || changed;
    }
  }
  return changed;
}

/** A body the SDK captured as text: JSON is scrubbed by key, `a=1&b=2` forms by parameter name. */
function scrubBodyText(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      return scrubValue(parsed) ? JSON.stringify(parsed) : body;
    } catch {
      return body;
    }
  }
  if (/^[^=&\s]+=[^&]*(&[^=&\s]+=[^&]*)*$/.test(trimmed)) {
    return trimmed
      .split('&')
      .map((pair) => {
        const name = pair.slice(0, pair.indexOf('='));
        return SENSITIVE_KEY.test(decodeURIComponent(name.replace(/\+/g, ' ')))
          ? `${name}=${FILTERED}`
          : pair;
      })
      .join('&');
  }
  return body;
}

function scrubMessage(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  let changed = false;
  if (typeof m.headers === 'object' && m.headers !== null) changed = scrubValue(m.headers) || changed;
  if (typeof m.body === 'string') {
    const scrubbed = scrubBodyText(m.body);
    if (scrubbed !== m.body) {
      m.body = scrubbed;
      changed = true;
    }
  } else if (typeof m.body === 'object' && m.body !== null) {
    changed = scrubValue(m.body) || changed;
  }
  return changed;
}

/**
 * Scrubs the network events of a recording in place; returns whether anything changed, so an
 * unchanged recording can be stored exactly as the SDK compressed it.
 */
export function scrubRecording(events: unknown[]): boolean {
  let changed = false;
  for (const event of events) {
    if (typeof event !== 'object' || event === null) continue;
    const data = (event as { data?: unknown }).data;
    if (typeof data !== 'object' || data === null) continue;
    const { tag, payload } = data as { tag?: unknown; payload?: unknown };
    if (tag !== 'performanceSpan' || typeof payload !== 'object' || payload === null) continue;
    const span = payload as { op?: unknown; data?: unknown };
    if (typeof span.op !== 'string' || !NETWORK_OPS.has(span.op)) continue;
    if (typeof span.data !== 'object' || span.data === null) continue;
    const details = span.data as { request?: unknown; response?: unknown };
    changed = scrubMessage(details.request) || changed;
    changed = scrubMessage(details.response) || changed;
  }
  return changed;
}
