/**
 * `request` and `user` normalisation. Several request fields arrive either as objects or as lists of
 * pairs; they are stored as Relay stores them (lists of `[name, value]` pairs). The client IP fills
 * `user.ip_address` under the same rules Relay applies.
 */
import { isIP } from 'node:net';
import type { JsonObject, JsonValue } from '../../protocol/json.js';
import { LIMITS, boundedObject, boundedString, toBoundedJson } from './bounds.js';
import { arr, getPath, lenientString, obj, str } from './coerce.js';

const MAX_PAIRS = 200;
/** Platforms whose SDKs historically relied on the server filling the user IP (Relay's legacy rule). */
const LEGACY_INFER_IP_PLATFORMS = new Set(['javascript', 'cocoa', 'objc']);

/** Object or pair-list input as `[name, value]` pairs with string values. */
export function toPairs(value: unknown, normalizeName?: (name: string) => string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const push = (k: unknown, v: unknown): void => {
    const name = lenientString(k);
    const text = lenientString(v) ?? (typeof v === 'string' ? '' : undefined);
    if (name === undefined || text === undefined || out.length >= MAX_PAIRS) return;
    out.push([(normalizeName ?? ((n) => n))(name.slice(0, 256)), text.slice(0, 8192)]);
  };
  const list = arr(value);
  if (list) {
    for (const item of list.slice(0, MAX_PAIRS)) {
      const pair = arr(item);
      if (pair && pair.length === 2) push(pair[0], pair[1]);
    }
  } else {
    const o = obj(value);
    if (o) for (const key of Object.keys(o).slice(0, MAX_PAIRS)) push(key, o[key]);
  }
  return out;
}

/** `user-agent` → `User-Agent`: Relay normalises header names to this form. */
export function headerName(name: string): string {
  return name
    .split('-')
    .map((part) => (part === '' ? part : part[0]!.toUpperCase() + part.slice(1).toLowerCase()))
    .join('-');
}

/** Parses `a=1&b=2` (a leading `?` allowed) into pairs. */
function parseQuery(query: string): Array<[string, string]> {
  try {
    return [...new URLSearchParams(query.replace(/^\?/, ''))].slice(0, MAX_PAIRS);
  } catch {
    return [];
  }
}

/**
 * Normalises `request`. A query string or fragment embedded in `url` is split out when the dedicated
 * fields are empty (Relay does this so the URL tag stays stable across query parameters).
 */
export function normalizeRequest(
  value: unknown,
  clientIp: string | null | undefined,
): JsonObject | undefined {
  const raw = obj(value);
  if (!raw) return undefined;
  const out: JsonObject = {};
  let url = boundedString(raw['url'], 8192);
  let query: JsonValue | undefined;
  let fragment = boundedString(raw['fragment'], 1024);
  if (url !== undefined) {
    const hash = url.indexOf('#');
    if (hash >= 0) {
      fragment ??= str(url.slice(hash + 1));
      url = url.slice(0, hash);
    }
    const q = url.indexOf('?');
    if (q >= 0) {
      query = parseQuery(url.slice(q + 1));
      url = url.slice(0, q);
    }
    if (url !== '') out['url'] = url;
  }
  const method = str(raw['method']);
  if (method) out['method'] = method.toUpperCase().slice(0, 32);
  const qs = raw['query_string'];
  const explicitQuery = typeof qs === 'string' ? parseQuery(qs) : toPairs(qs);
  if (explicitQuery.length > 0) query = explicitQuery;
  if (query !== undefined && (query as unknown[]).length > 0) out['query_string'] = query;
  if (fragment) out['fragment'] = fragment;
  const cookies = typeof raw['cookies'] === 'string' ? parseCookies(raw['cookies']) : toPairs(raw['cookies']);
  if (cookies.length > 0) out['cookies'] = cookies;
  const headers = toPairs(raw['headers'], headerName);
  if (headers.length > 0) out['headers'] = headers;
  const data = toBoundedJson(raw['data'], { depth: LIMITS.depth });
  if (data !== undefined && data !== null) out['data'] = data;
  const env = boundedObject(raw['env'], 2);
  if (env) {
    // `{{auto}}` asks the server to fill in the connecting address (old JS SDKs).
    if (env['REMOTE_ADDR'] === '{{auto}}') {
      if (clientIp) env['REMOTE_ADDR'] = clientIp;
      else delete env['REMOTE_ADDR'];
    }
    out['env'] = env;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function parseCookies(header: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of header.split(';').slice(0, MAX_PAIRS)) {
    const eq = part.indexOf('=');
    if (eq > 0) out.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
  }
  return out;
}

/** The User-Agent header of a normalised request, if any. */
export function requestUserAgent(request: JsonObject | undefined): string | undefined {
  const headers = request?.['headers'];
  if (!Array.isArray(headers)) return undefined;
  for (const pair of headers) {
    if (Array.isArray(pair) && pair[0] === 'User-Agent' && typeof pair[1] === 'string') return str(pair[1]);
  }
  return undefined;
}

/** Options for {@link normalizeUser}. */
export interface UserContext {
  clientIp: string | null | undefined;
  platform: string;
  /** `sdk.settings.infer_ip` from the event (`auto`, `never`, or absent for the legacy rule). */
  inferIp: unknown;
}

/**
 * Normalises `user`. `ip_address: "{{auto}}"` becomes the client IP; a missing IP is inferred when the
 * SDK asked for it (`infer_ip: "auto"`, JS SDK v8+) or, for legacy browser/Cocoa SDKs, by default.
 * Unknown keys move into `user.data`, as Relay does.
 */
export function normalizeUser(value: unknown, ctx: UserContext): JsonObject | undefined {
  const raw = obj(value) ?? {};
  const out: JsonObject = {};
  for (const key of ['id', 'email', 'username', 'name', 'segment', 'sentry_user'] as const) {
    const s = lenientString(raw[key]);
    if (s !== undefined) out[key] = s.slice(0, key === 'id' ? 128 : 256);
  }
  const geo = boundedObject(raw['geo'], 2);
  if (geo) out['geo'] = geo;
  const data: JsonObject = boundedObject(raw['data']) ?? {};
  for (const key of Object.keys(raw).slice(0, 100)) {
    if (
      ['id', 'email', 'username', 'name', 'segment', 'sentry_user', 'geo', 'data', 'ip_address'].includes(key)
    )
      continue;
    const v = toBoundedJson(raw[key], { depth: 4 });
    if (v !== undefined && key !== '__proto__') data[key] = v;
  }
  if (Object.keys(data).length > 0) out['data'] = data;

  const ip = resolveIp(raw['ip_address'], ctx);
  if (ip) out['ip_address'] = ip;
  return Object.keys(out).length > 0 ? out : undefined;
}

function resolveIp(value: unknown, ctx: UserContext): string | undefined {
  const client = ctx.clientIp && isIP(ctx.clientIp) ? ctx.clientIp : undefined;
  const given = str(value);
  if (given === '{{auto}}') return ctx.inferIp === 'never' ? undefined : client;
  if (given !== undefined) return isIP(given) ? given : undefined;
  if (ctx.inferIp === 'auto') return client;
  if (ctx.inferIp !== 'never' && LEGACY_INFER_IP_PLATFORMS.has(ctx.platform)) return client;
  return undefined;
}

/** `sdk.settings.infer_ip` of a raw event. */
export function inferIpSetting(raw: Record<string, unknown>): unknown {
  return getPath(raw, 'sdk', 'settings', 'infer_ip');
}
