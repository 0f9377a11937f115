/**
 * Exception, mechanism and thread normalisation, after Relay's `normalize_exception`. Exceptions are
 * ordered oldest cause first, the raised exception last; that order is kept as sent.
 */
import type { JsonObject, JsonValue } from '../../protocol/json.js';
import { LIMITS, boundedObject, boundedString, keepLast, toBoundedJson, truncate } from './bounds.js';
import { bool, lenientString, num, obj, str, valuesOf } from './coerce.js';
import { normalizeStacktrace, rawStacktrace } from './frames.js';

/**
 * Relay's `TYPE_VALUE_SEPARATION_REGEX` (`^(\w+):(.*)$`, Unicode `\w`, `.` not crossing newlines): old
 * SDKs put `"ValueError: bad input"` in `value` with no `type`.
 */
const TYPE_VALUE = /^([\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]+):(.*)$/u;

/**
 * Normalises `exception` (`{values: [...]}`, a bare array, or one object). Drops entries with neither
 * `type` nor `value` (Relay's "missing type or value"), keeps the newest {@link LIMITS.exceptions}.
 */
export function normalizeExceptions(value: unknown): JsonObject[] {
  const out: JsonObject[] = [];
  for (const item of keepLast(valuesOf(value), LIMITS.exceptions * 4)) {
    const exception = normalizeException(item);
    if (exception) out.push(exception);
  }
  return keepLast(out, LIMITS.exceptions);
}

function normalizeException(value: unknown): JsonObject | undefined {
  const raw = obj(value);
  if (!raw) return undefined;
  let type = str(raw['type']);
  // `value` is a "lenient string" in Relay: numbers and objects from sloppy SDKs become text.
  let text = lenientString(raw['value']) ?? jsonText(raw['value']);
  if (type === undefined && text !== undefined) {
    const m = TYPE_VALUE.exec(text);
    if (m) {
      type = m[1]!.trim();
      text = m[2]!.trim();
    }
  }
  if (!type && !text) return undefined;
  const out: JsonObject = {};
  if (type) out['type'] = truncate(type, 256);
  if (text) out['value'] = truncate(text, LIMITS.message);
  const module = boundedString(raw['module'], 256);
  if (module) out['module'] = module;
  const threadId = lenientString(raw['thread_id']);
  if (threadId) out['thread_id'] = threadId.slice(0, 64);
  const mechanism = normalizeMechanism(raw['mechanism']);
  if (mechanism) out['mechanism'] = mechanism;
  const stacktrace = normalizeStacktrace(raw['stacktrace']);
  if (stacktrace) out['stacktrace'] = stacktrace;
  const raw_stacktrace = rawStacktrace(raw['raw_stacktrace']);
  if (raw_stacktrace) out['raw_stacktrace'] = raw_stacktrace;
  return out;
}

function jsonText(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const bounded = toBoundedJson(value, { depth: 4, maxString: 1024 });
  return bounded === undefined ? undefined : JSON.stringify(bounded);
}

/**
 * Mechanism: `type` defaults to `generic` (Relay); `handled`/`synthetic`/`is_exception_group` must be
 * booleans; `exception_id`/`parent_id` must be non-negative integers (exception-group tree).
 */
function normalizeMechanism(value: unknown): JsonObject | undefined {
  const raw = obj(value);
  if (!raw) return undefined;
  const out: JsonObject = { type: boundedString(raw['type'], 128) ?? 'generic' };
  for (const key of ['handled', 'synthetic', 'is_exception_group'] as const) {
    const b = bool(raw[key]);
    if (b !== undefined) out[key] = b;
  }
  for (const key of ['exception_id', 'parent_id'] as const) {
    const n = num(raw[key]);
    if (n !== undefined && Number.isInteger(n) && n >= 0) out[key] = n;
  }
  for (const key of ['source', 'description', 'help_link'] as const) {
    const s = boundedString(raw[key], 1024);
    if (s) out[key] = s;
  }
  for (const key of ['data', 'meta'] as const) {
    const o = boundedObject(raw[key], 4);
    if (o) out[key] = o;
  }
  return out;
}

/** Normalises `threads` (`{values: [...]}` or an array); each thread keeps its stack trace. */
export function normalizeThreads(value: unknown): JsonObject[] {
  const out: JsonObject[] = [];
  for (const item of valuesOf(value).slice(0, 256)) {
    const raw = obj(item);
    if (!raw) continue;
    const thread: JsonObject = {};
    const id = lenientString(raw['id']);
    if (id) thread['id'] = id.slice(0, 64);
    const name = boundedString(raw['name'], 256);
    if (name) thread['name'] = name;
    for (const key of ['crashed', 'current', 'main'] as const) {
      const b = bool(raw[key]);
      if (b !== undefined) thread[key] = b;
    }
    const stacktrace = normalizeStacktrace(raw['stacktrace']);
    if (stacktrace) thread['stacktrace'] = stacktrace;
    out.push(thread);
  }
  return out;
}

/**
 * Relay's "lone stack trace" rule: a top-level `stacktrace` next to exactly one exception without its
 * own stack trace belongs to that exception (old SDKs send them side by side).
 */
export function attachLoneStacktrace(
  exceptions: JsonObject[],
  stacktrace: JsonObject | undefined,
): JsonValue | undefined {
  const only = exceptions.length === 1 ? exceptions[0] : undefined;
  if (stacktrace && only && only['stacktrace'] === undefined) {
    only['stacktrace'] = stacktrace;
    return undefined;
  }
  return stacktrace;
}
