/**
 * Turns a raw, attacker-controlled error event into the normalised event JSON that grouping, titles,
 * tags and storage work from. Follows Relay's store normalisation: every field gets its proper type or
 * is dropped, missing essentials are repaired (id, timestamp, platform, level), sizes are bounded.
 */
import type { JsonObject, JsonValue } from '../../protocol/json.js';
import { LIMITS, boundedObject, boundedString, guardEncodedSize, toBoundedJson } from './bounds.js';
import { normalizeBreadcrumbs } from './breadcrumbs.js';
import { getPath, lenientString, obj, trimmed } from './coerce.js';
import { inferUserAgentContexts, normalizeContexts, traceIdOf } from './contexts.js';
import { attachLoneStacktrace, normalizeExceptions, normalizeThreads } from './exceptions.js';
import { normalizeStacktrace } from './frames.js';
import {
  normalizeFingerprint,
  resolveEventId,
  validDist,
  validEnvironment,
  validRelease,
} from './identity.js';
import { normalizeLevel, normalizePlatform } from './level.js';
import { normalizeLogentry } from './logentry.js';
import type { ErrorEventType, Level } from './processed-event.js';
import { inferIpSetting, normalizeRequest, normalizeUser, requestUserAgent } from './request-user.js';
import { parseTags } from './tags.js';
import { clockDrift, eventTimestamp } from './timestamps.js';

/** What the caller knows about the request that carried the event. */
export interface NormalizeContext {
  receivedAt: number;
  eventId?: string;
  sentAt?: number;
  clientIp?: string | null;
  userAgent?: string | null;
  platformHint?: string;
}

/** The normalised event plus the typed fields read out of it. */
export interface NormalizedEvent {
  data: JsonObject;
  eventId: string;
  type: ErrorEventType;
  level: Level;
  platform: string;
  /** Unix milliseconds. */
  timestamp: number;
  release: string | null;
  environment: string | null;
  dist: string | null;
  serverName: string | null;
  transaction: string | null;
  traceId: string | null;
}

/** Platforms whose events come from a browser, where the ingest request's User-Agent is the user's. */
const BROWSER_PLATFORMS = new Set(['javascript']);

/** Normalises a raw event. Never throws on odd shapes; unknown top-level keys are dropped like Relay does. */
export function normalizeEvent(raw: Record<string, unknown>, ctx: NormalizeContext): NormalizedEvent {
  const drift = clockDrift(ctx.receivedAt, ctx.sentAt);
  const eventId = resolveEventId(raw['event_id'], ctx.eventId);
  const platform = normalizePlatform(raw['platform'], ctx.platformHint);
  const level = normalizeLevel(raw['level']) ?? 'error';
  const timestamp = eventTimestamp(raw['timestamp'], ctx.receivedAt, drift);
  const release = validRelease(raw['release']);
  const environment = validEnvironment(raw['environment']);
  const dist = release === null ? null : validDist(raw['dist']);
  const serverName = boundedString(trimmed(raw['server_name']), LIMITS.name) ?? null;
  const transaction = boundedString(trimmed(raw['transaction']), LIMITS.name) ?? null;

  const data: JsonObject = { event_id: eventId, level, platform, timestamp: timestamp / 1000 };
  data['received'] = ctx.receivedAt / 1000;
  const logger = boundedString(trimmed(raw['logger']), LIMITS.shortName);
  if (logger) data['logger'] = logger;
  if (transaction) data['transaction'] = transaction;
  if (serverName) data['server_name'] = serverName;
  if (release) data['release'] = release;
  if (dist) data['dist'] = dist;
  if (environment) data['environment'] = environment;
  const culprit = boundedString(trimmed(raw['culprit']), LIMITS.name);
  if (culprit) data['culprit'] = culprit;

  const logentry = normalizeLogentry(raw);
  if (logentry) data['logentry'] = logentry;
  const exceptions = normalizeExceptions(raw['exception']);
  const stacktrace = attachLoneStacktrace(exceptions, normalizeStacktrace(raw['stacktrace']));
  if (exceptions.length > 0) data['exception'] = { values: exceptions };
  if (stacktrace !== undefined) data['stacktrace'] = stacktrace;
  const threads = normalizeThreads(raw['threads']);
  if (threads.length > 0) data['threads'] = { values: threads };
  const fingerprint = normalizeFingerprint(raw['fingerprint']);
  if (fingerprint) data['fingerprint'] = fingerprint;

  const tags = parseTags(raw['tags']);
  if (tags.length > 0) data['tags'] = tags;
  const request = normalizeRequest(raw['request'], ctx.clientIp);
  if (request) data['request'] = request;
  const user = normalizeUser(raw['user'], { clientIp: ctx.clientIp, platform, inferIp: inferIpSetting(raw) });
  if (user) data['user'] = user;
  const contexts = normalizeContexts(raw['contexts']);
  const userAgent =
    requestUserAgent(request) ?? (BROWSER_PLATFORMS.has(platform) ? (ctx.userAgent ?? undefined) : undefined);
  inferUserAgentContexts(contexts, userAgent);
  if (Object.keys(contexts).length > 0) data['contexts'] = contexts;
  const breadcrumbs = normalizeBreadcrumbs(raw['breadcrumbs'], drift);
  if (breadcrumbs.length > 0) data['breadcrumbs'] = { values: breadcrumbs };

  copyBags(raw, data);
  return {
    data: guardEncodedSize(data),
    eventId,
    type: exceptions.length > 0 ? 'error' : 'default',
    level,
    platform,
    timestamp,
    release,
    environment,
    dist,
    serverName,
    transaction,
    traceId: traceIdOf(contexts),
  };
}

/** Free-form and rarely-used interfaces, copied with depth and size bounds only. */
function copyBags(raw: Record<string, unknown>, data: JsonObject): void {
  const extra = boundedObject(raw['extra'], LIMITS.depth);
  if (extra && Object.keys(extra).length > 0) data['extra'] = extra;
  const modules = obj(raw['modules']);
  if (modules) {
    const out: JsonObject = {};
    for (const key of Object.keys(modules).slice(0, 2000)) {
      const version = lenientString(modules[key]);
      if (version !== undefined && key !== '__proto__') out[key.slice(0, 256)] = version.slice(0, 256);
    }
    data['modules'] = out;
  }
  const bags: Array<[string, number]> = [
    ['sdk', 4],
    ['debug_meta', 5],
    ['template', 3],
    ['csp', 3],
    ['hpkp', 3],
    ['expectct', 3],
    ['expectstaple', 3],
    ['transaction_info', 2],
  ];
  for (const [key, depth] of bags) {
    const value = boundedObject(raw[key], depth);
    if (value) data[key] = value;
  }
  // Keep the SDK name/version readable even when `sdk` was malformed elsewhere.
  const sdkName = getPath(raw, 'sdk', 'name');
  if (typeof sdkName === 'string' && !obj(data['sdk'])) data['sdk'] = { name: sdkName.slice(0, 256) };
  const version = toBoundedJson(raw['version'], { depth: 1 });
  if (typeof version === 'string') data['version'] = version as JsonValue;
}
