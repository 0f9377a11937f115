// Typed, defensive views over an event's entries. Everything here came from an SDK (or an attacker with
// a DSN), so nothing is assumed: each reader checks types and falls back to empty values.

/** A JSON object, or null for anything else. */
export function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A string, or null; numbers and booleans are written out, objects are not. */
export function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Any JSON value as display text: strings as they are, the rest as indented JSON. */
export function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

/** One stack frame. */
export interface Frame {
  filename: string | null;
  function: string | null;
  module: string | null;
  lineno: number | null;
  colno: number | null;
  inApp: boolean;
  contextLine: string | null;
  preContext: string[];
  postContext: string[];
  vars: Record<string, unknown> | null;
}

/** One exception of a (possibly chained) error. */
export interface ExceptionValue {
  type: string;
  value: string;
  module: string | null;
  mechanism: { type: string | null; handled: boolean | null } | null;
  /** Caller first, crashing frame last (the protocol's order). */
  frames: Frame[];
}

function readFrame(raw: unknown): Frame {
  const f = asRecord(raw) ?? {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const lines = (v: unknown) => asList(v).map((l) => asText(l) ?? '');
  return {
    filename: asText(f.filename) ?? asText(f.abs_path),
    function: asText(f.function),
    module: asText(f.module),
    lineno: num(f.lineno),
    colno: num(f.colno),
    inApp: f.in_app === true,
    contextLine: asText(f.context_line),
    preContext: lines(f.pre_context),
    postContext: lines(f.post_context),
    vars: asRecord(f.vars),
  };
}

function entryData(entries: Array<{ type: string; data: unknown }>, type: string): unknown {
  return entries.find((e) => e.type === type)?.data;
}

/** The exception chain, oldest cause first (as the protocol sends it). */
export function readExceptions(entries: Array<{ type: string; data: unknown }>): ExceptionValue[] {
  return asList(asRecord(entryData(entries, 'exception'))?.values).map((raw) => {
    const ex = asRecord(raw) ?? {};
    const mechanism = asRecord(ex.mechanism);
    return {
      type: asText(ex.type) ?? 'Error',
      value: asText(ex.value) ?? '',
      module: asText(ex.module),
      mechanism: mechanism
        ? {
            type: asText(mechanism.type),
            handled: typeof mechanism.handled === 'boolean' ? mechanism.handled : null,
          }
        : null,
      frames: asList(asRecord(ex.stacktrace)?.frames).map(readFrame),
    };
  });
}

/** One breadcrumb. */
export interface Breadcrumb {
  timestamp: unknown;
  category: string;
  type: string;
  level: string;
  message: string;
  data: Record<string, unknown> | null;
}

export function readBreadcrumbs(entries: Array<{ type: string; data: unknown }>): Breadcrumb[] {
  return asList(asRecord(entryData(entries, 'breadcrumbs'))?.values).map((raw) => {
    const b = asRecord(raw) ?? {};
    return {
      timestamp: b.timestamp,
      category: asText(b.category) ?? '',
      type: asText(b.type) ?? 'default',
      level: asText(b.level) ?? 'info',
      message: asText(b.message) ?? '',
      data: asRecord(b.data),
    };
  });
}

/** The HTTP request an event happened in. */
export interface RequestInfo {
  url: string | null;
  method: string | null;
  queryString: string | null;
  headers: Array<[string, string]>;
  cookies: Array<[string, string]>;
  data: unknown;
  env: Record<string, unknown> | null;
}

/** Headers and cookies come as objects or as `[[name, value]]` pairs, depending on the SDK. */
function pairs(value: unknown): Array<[string, string]> {
  if (Array.isArray(value)) {
    return value.flatMap((p) =>
      Array.isArray(p) && p.length >= 2 ? [[String(p[0]), displayValue(p[1])] as [string, string]] : [],
    );
  }
  const obj = asRecord(value);
  return obj ? Object.entries(obj).map(([k, v]) => [k, displayValue(v)]) : [];
}

export function readRequest(entries: Array<{ type: string; data: unknown }>): RequestInfo | null {
  const r = asRecord(entryData(entries, 'request'));
  if (!r) return null;
  const qs = r.query_string;
  return {
    url: asText(r.url),
    method: asText(r.method),
    queryString:
      typeof qs === 'string'
        ? qs
        : qs
          ? pairs(qs)
              .map(([k, v]) => `${k}=${v}`)
              .join('&')
          : null,
    headers: pairs(r.headers),
    cookies: pairs(r.cookies),
    data: r.data,
    env: asRecord(r.env),
  };
}

/** The message entry's text, if the event has one. */
export function readMessage(entries: Array<{ type: string; data: unknown }>): string | null {
  return asText(asRecord(entryData(entries, 'message'))?.formatted);
}

/** The event's trace id (`contexts.trace.trace_id`), lower-cased, or null when it is not 32 hex digits. */
export function traceIdOf(event: { contexts?: Record<string, unknown> | null }): string | null {
  const id = asText(asRecord(asRecord(event.contexts)?.trace)?.trace_id);
  return id && /^[0-9a-f]{32}$/i.test(id) ? id.toLowerCase() : null;
}

/**
 * The replay an event happened in: `contexts.replay.replay_id` (the server copies it there from the
 * envelope), else the SDK's `replayId` tag.
 */
export function replayIdOf(event: {
  contexts?: Record<string, unknown> | null;
  tags?: Array<{ key: string; value: string }>;
}): string | null {
  const id =
    asText(asRecord(asRecord(event.contexts)?.replay)?.replay_id) ??
    event.tags?.find((t) => t.key === 'replayId')?.value ??
    null;
  return id && /^[0-9a-f]{32}$/i.test(id) ? id.toLowerCase() : null;
}
