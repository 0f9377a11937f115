/**
 * `logentry` normalisation, after Relay's `normalize_logentry`. The message template (`message`) is
 * kept separately from the rendered text (`formatted`) because grouping uses the template, so
 * `"order %s failed"` groups all orders together.
 */
import type { JsonObject, JsonValue } from '../../protocol/json.js';
import { LIMITS, toBoundedJson, truncate } from './bounds.js';
import { lenientString, obj, str } from './coerce.js';

/**
 * Python printf placeholders, the only template syntax Relay renders (`%s`, `%(name)s`, `%.2f`, `%%`).
 * Brace templates (`{}`) are left alone, as Relay does.
 */
const PRINTF = /%(?:\((\w+)\))?[#0 +-]?(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrs%])/g;

/**
 * Reads the message of an event. `logentry` wins; the legacy top-level `message` (a string, or an object
 * with the same shape, "sentry.interfaces.Message" in old SDKs) is an alias for it. Returns undefined
 * when there is no usable text.
 */
export function normalizeLogentry(raw: Record<string, unknown>): JsonObject | undefined {
  const source = raw['logentry'] ?? raw['sentry.interfaces.Message'] ?? raw['message'];
  let message: string | undefined;
  let formatted: string | undefined;
  let params: unknown;
  if (typeof source === 'string') {
    // A bare string is the rendered text (the legacy alias for `formatted`).
    formatted = str(source);
  } else {
    const o = obj(source);
    if (!o) return undefined;
    message = lenientString(o['message']);
    formatted = lenientString(o['formatted']);
    params = o['params'];
  }
  if (formatted === undefined && message !== undefined && params !== undefined) {
    formatted = renderTemplate(message, params);
  }
  // Relay drops the template when it is identical to the rendered text, and promotes a lone template.
  if (formatted !== undefined && formatted === message) message = undefined;
  if (formatted === undefined) {
    formatted = message;
    message = undefined;
  }
  if (formatted === undefined) return undefined;
  const out: JsonObject = { formatted: truncate(formatted, LIMITS.message) };
  if (message !== undefined) out['message'] = truncate(message, LIMITS.message);
  const boundedParams = toBoundedJson(params, { depth: 3, maxString: 1024 });
  if (message !== undefined && boundedParams !== undefined && boundedParams !== null)
    out['params'] = boundedParams;
  return out;
}

/**
 * Renders a printf template with positional (array) or named (object) params. Returns undefined when a
 * placeholder has no matching param, so the template itself becomes the text (never a half-rendered one).
 */
export function renderTemplate(template: string, params: unknown): string | undefined {
  const list = Array.isArray(params) ? params : undefined;
  const named = obj(params);
  if (!list && !named) return undefined;
  let index = 0;
  let failed = false;
  const out = template.replace(PRINTF, (whole: string, key: string | undefined, kind: string) => {
    if (kind === '%') return whole === '%%' ? '%' : whole;
    let value: unknown;
    if (key !== undefined) value = named?.[key];
    else if (list) value = list[index++];
    if (value === undefined) {
      failed = true;
      return whole;
    }
    return paramText(value);
  });
  return failed ? undefined : out;
}

function paramText(value: unknown): string {
  if (typeof value === 'string') return value;
  const bounded: JsonValue | undefined = toBoundedJson(value, { depth: 3, maxString: 1024 });
  return JSON.stringify(bounded ?? null);
}
