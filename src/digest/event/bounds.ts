/**
 * Size and depth bounds for everything an SDK sends. Payloads are attacker-controlled: a 10 MB string,
 * a 10,000-level nested object or 100,000 breadcrumbs must come out as a small, well-formed event, and
 * converting them must never recurse deeper than the bound (no stack overflow on hostile input).
 */
import type { JsonObject, JsonValue } from '../../protocol/json.js';
import { isObject } from '../../protocol/json.js';
import { encodedSizeBound } from './size-bound.js';

/** The caps used across the error normaliser (Relay's defaults where Relay has one). */
export const LIMITS = {
  /** `logentry.formatted`/`message` and exception values (Relay's `MaxChars::Message`). */
  message: 8192,
  /** Any other string field. */
  string: 16 * 1024,
  /** Short identifiers: environment, dist, logger (Relay caps these at 64). */
  shortName: 64,
  /** Release, transaction, server name, URL-ish identifiers. */
  name: 200,
  /** Sentry's tag key limit (`MAX_TAG_KEY_LENGTH`). */
  tagKey: 32,
  /** Sentry's tag value limit (`MAX_TAG_VALUE_LENGTH`). */
  tagValue: 200,
  /** Nesting depth of free-form data: extra, contexts, frame vars, breadcrumb data. */
  depth: 8,
  /** Breadcrumbs kept (the newest ones; the SDKs' own default maximum). */
  breadcrumbs: 100,
  /** Frames kept per stack trace (Relay's hard limit); the middle is dropped. */
  frames: 250,
  /** Exceptions kept in a chain (the raised one is last, so the oldest causes go first). */
  exceptions: 25,
  /** Tags kept. */
  tags: 200,
  /** Items per array and keys per object inside free-form data. */
  items: 500,
  /** Characters of string content allowed in one free-form data bag (extra, one context, …). */
  bagChars: 256 * 1024,
  /** The whole normalised event, JSON-encoded (Relay's event item limit is 1 MiB). */
  encodedBytes: 1024 * 1024,
} as const;

/** Marker left where nesting went past {@link LIMITS.depth}. */
export const MAX_DEPTH_MARKER = '[max depth]';

/**
 * Cuts a string to at most `max` UTF-16 units, ending in `...` like Relay's trimming, without splitting
 * a surrogate pair (a lone surrogate would not survive a UTF-8 round trip).
 */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  if (max <= 3) return value.slice(0, Math.max(0, max));
  let end = max - 3;
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return value.slice(0, end) + '...';
}

/** A string field bounded to `max`, or undefined when the value is not a non-empty string. */
export function boundedString(value: unknown, max: number = LIMITS.string): string | undefined {
  return typeof value === 'string' && value !== '' ? truncate(value, max) : undefined;
}

/** Keeps the last `max` items (breadcrumbs: the newest matter most, and order is never changed). */
export function keepLast<T>(items: T[], max: number): T[] {
  return items.length > max ? items.slice(items.length - max) : items;
}

/** Keeps the first and last halves and drops the middle (stack frames: entry point and crash both matter). */
export function dropMiddle<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const head = Math.ceil(max / 2);
  return [...items.slice(0, head), ...items.slice(items.length - (max - head))];
}

/** Options for {@link toBoundedJson}. */
export interface BoundOptions {
  /** Container levels still allowed below this value. */
  depth: number;
  /** Per-string cap. */
  maxString?: number;
  /** Shared character budget for the whole bag; decremented as strings are copied. */
  budget?: { chars: number };
}

/**
 * Converts any value into bounded JSON: strings capped, containers deeper than `depth` replaced by
 * {@link MAX_DEPTH_MARKER}, at most {@link LIMITS.items} entries per container, non-finite numbers and
 * non-JSON values dropped. `__proto__` keys are skipped so no prototype can be reached by assignment.
 */
export function toBoundedJson(value: unknown, options: BoundOptions): JsonValue | undefined {
  const budget = options.budget ?? { chars: LIMITS.bagChars };
  return convert(value, options.depth, options.maxString ?? LIMITS.string, budget);
}

function convert(
  value: unknown,
  depth: number,
  maxString: number,
  budget: { chars: number },
): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case 'string': {
      if (budget.chars <= 0) return '[trimmed]';
      const out = truncate(value, Math.min(maxString, Math.max(budget.chars, 16)));
      budget.chars -= out.length;
      return out;
    }
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (depth <= 0) return MAX_DEPTH_MARKER;
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    const n = Math.min(value.length, LIMITS.items);
    for (let i = 0; i < n && budget.chars > 0; i++) {
      const item = convert(value[i], depth - 1, maxString, budget);
      out.push(item === undefined ? null : item);
    }
    return out;
  }
  if (!isObject(value)) return undefined;
  const out: JsonObject = {};
  let count = 0;
  for (const key of Object.keys(value)) {
    if (count >= LIMITS.items || budget.chars <= 0) break;
    if (key === '__proto__') continue;
    const item = convert(value[key], depth - 1, maxString, budget);
    if (item === undefined) continue;
    out[truncate(key, 256)] = item;
    budget.chars -= key.length;
    count++;
  }
  return out;
}

/** {@link toBoundedJson} for places that must hold an object (`extra`, a context): anything else is dropped. */
export function boundedObject(value: unknown, depth: number = LIMITS.depth): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const out = toBoundedJson(value, { depth });
  return isObject(out) ? (out as JsonObject) : undefined;
}

/** UTF-8 size of a value's JSON encoding. */
export function encodedSize(value: JsonValue): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * Final guard on the whole event: if the JSON encoding is still above `maxBytes`, shed the bulkiest
 * optional parts in order of least value for debugging (Relay's approach when an event is too large
 * after trimming), then, as a last resort, keep only the fields the issue view needs.
 */
export function guardEncodedSize(data: JsonObject, maxBytes: number = LIMITS.encodedBytes): JsonObject {
  if (encodedSizeBound(data, maxBytes) <= maxBytes || encodedSize(data) <= maxBytes) return data;
  const sheds: Array<(d: JsonObject) => void> = [
    (d) => delete d['modules'],
    (d) => delete d['debug_meta'],
    (d) => shrinkBreadcrumbs(d, 10),
    (d) => delete d['extra'],
    (d) => forEachFrame(d, (f) => void (delete f['vars'], delete f['pre_context'], delete f['post_context'])),
    (d) => isObject(d['request']) && delete (d['request'] as JsonObject)['data'],
    (d) => delete d['breadcrumbs'],
    (d) => delete d['threads'],
    (d) => keepStandardContexts(d),
    (d) => delete d['sdk'],
  ];
  for (const shed of sheds) {
    shed(data);
    if (encodedSize(data) <= maxBytes) return data;
  }
  const essentials = [
    'event_id',
    'level',
    'platform',
    'timestamp',
    'logentry',
    'exception',
    'release',
    'environment',
  ];
  const out: JsonObject = {};
  for (const key of essentials) if (data[key] !== undefined) out[key] = data[key] as JsonValue;
  if (encodedSize(out) > maxBytes) delete out['exception'];
  return out;
}

function shrinkBreadcrumbs(data: JsonObject, keep: number): void {
  const crumbs = data['breadcrumbs'];
  if (isObject(crumbs) && Array.isArray(crumbs['values']))
    crumbs['values'] = keepLast(crumbs['values'], keep);
}

function keepStandardContexts(data: JsonObject): void {
  const contexts = data['contexts'];
  if (!isObject(contexts)) return;
  for (const key of Object.keys(contexts)) {
    if (!['os', 'browser', 'runtime', 'device', 'trace', 'replay', 'app'].includes(key)) delete contexts[key];
  }
}

/** Calls `fn` on every frame object of every stack trace in a normalised event. */
export function forEachFrame(data: JsonObject, fn: (frame: JsonObject) => void): void {
  const visit = (stacktrace: unknown): void => {
    if (!isObject(stacktrace) || !Array.isArray(stacktrace['frames'])) return;
    for (const frame of stacktrace['frames']) if (isObject(frame)) fn(frame as JsonObject);
  };
  for (const key of ['exception', 'threads']) {
    const container = data[key];
    if (!isObject(container) || !Array.isArray(container['values'])) continue;
    for (const item of container['values']) if (isObject(item)) visit(item['stacktrace']);
  }
  visit(data['stacktrace']);
}
