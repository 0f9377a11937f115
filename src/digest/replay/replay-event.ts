/**
 * Reads a `replay_event` item (performance-replay-cli.md §B) into the segment metadata the replay index
 * is merged from. Everything is bounded: a replay event is attacker-controlled like any other event.
 */
import { normalizeEventId } from '../../protocol/envelope.js';
import { isObject, type JsonObject } from '../../protocol/json.js';
import { segmentIdOf } from '../../protocol/replay-recording.js';
import type { ReplayInfo, ReplaySegmentInput } from '../../storage/replay-types.js';
import { LIMITS, truncate } from '../event/bounds.js';
import { arr, getPath, lenientString, obj, str, trimmed } from '../event/coerce.js';
import { inferUserAgentContexts } from '../event/contexts.js';
import { validDist, validEnvironment, validRelease } from '../event/identity.js';
import { inferIpSetting, normalizeUser } from '../event/request-user.js';
import { parseTags } from '../event/tags.js';
import { parseTimestamp } from '../event/timestamps.js';

/** What one replay event says about its segment and its replay. */
export type ReplayEventMeta = Pick<
  ReplaySegmentInput,
  'timestamp' | 'startedAt' | 'urls' | 'errorIds' | 'traceIds' | 'info'
> & { replayId: string | null; segmentId: number | null };

/** Bounds on the lists a segment may add to its replay. */
export const REPLAY_LIST_LIMITS = { urls: 100, ids: 100, urlLength: 2048 } as const;

/** What the digest knows about the request that brought the segment. */
export interface ReplayContext {
  receivedAt: number;
  clientIp?: string | null | undefined;
  userAgent?: string | null | undefined;
}

function idList(value: unknown): string[] {
  const out = new Set<string>();
  for (const v of arr(value)?.slice(0, REPLAY_LIST_LIMITS.ids * 2) ?? []) {
    const id = normalizeEventId(v);
    if (id) out.add(id);
    if (out.size >= REPLAY_LIST_LIMITS.ids) break;
  }
  return [...out];
}

function urlList(value: unknown): string[] {
  const out: string[] = [];
  for (const v of arr(value)?.slice(0, REPLAY_LIST_LIMITS.urls) ?? []) {
    const url = trimmed(v);
    if (url) out.push(truncate(url, REPLAY_LIST_LIMITS.urlLength));
  }
  return out;
}

/** `{name, version}` of a context, bounded. */
function nameVersion(context: unknown): { name?: string; version?: string } {
  const out: { name?: string; version?: string } = {};
  const name = str(getPath(context, 'name'));
  const version = lenientString(getPath(context, 'version'));
  if (name) out.name = truncate(name, LIMITS.name);
  if (version) out.version = truncate(version, LIMITS.shortName);
  return out;
}

function deviceOf(context: unknown): ReplayInfo['device'] {
  const out: ReplayInfo['device'] = {};
  for (const key of ['name', 'brand', 'model', 'family'] as const) {
    const v = str(getPath(context, key));
    if (v) out[key] = truncate(v, LIMITS.name);
  }
  return out;
}

/** The User-Agent the SDK reported in `request.headers` (object or pairs), else the request's own. */
function userAgentOf(raw: Record<string, unknown>, fallback: string | null | undefined): string | undefined {
  const headers = getPath(raw, 'request', 'headers');
  if (isObject(headers)) {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'user-agent') return str(v);
  } else if (Array.isArray(headers)) {
    for (const pair of headers) {
      if (Array.isArray(pair) && typeof pair[0] === 'string' && pair[0].toLowerCase() === 'user-agent')
        return str(pair[1]);
    }
  }
  return fallback ?? undefined;
}

function userOf(raw: Record<string, unknown>, ctx: ReplayContext, platform: string): ReplayInfo['user'] {
  const user = normalizeUser(raw.user, { clientIp: ctx.clientIp, platform, inferIp: inferIpSetting(raw) });
  if (!user) return null;
  const out: NonNullable<ReplayInfo['user']> = {};
  for (const [key, field] of [
    ['id', 'id'],
    ['email', 'email'],
    ['username', 'username'],
    ['name', 'name'],
    ['ip', 'ip_address'],
  ] as const) {
    const v = user[field];
    if (typeof v === 'string') out[key] = v;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * Parses one replay event; `headerId` is the envelope's event id, which is the replay id. Times stay in
 * the client's clock, uncorrected for drift: the rrweb events the player shows carry that clock too,
 * and the replay's start and end must line up with them.
 */
export function readReplayEvent(
  raw: Record<string, unknown>,
  headerId: string | null,
  ctx: ReplayContext,
): ReplayEventMeta {
  const platform = trimmed(raw.platform)?.slice(0, 64) ?? 'javascript';
  const contexts = obj(raw.contexts) ? { ...(raw.contexts as Record<string, unknown>) } : {};
  // The browser SDK sends no browser/OS contexts with replays; Sentry reads them off the User-Agent.
  const uaContexts: JsonObject = {};
  inferUserAgentContexts(uaContexts, userAgentOf(raw, ctx.userAgent));
  const started = parseTimestamp(raw.replay_start_timestamp);
  const replayType = trimmed(raw.replay_type);
  return {
    replayId: headerId ?? normalizeEventId(raw.replay_id) ?? normalizeEventId(raw.event_id),
    segmentId: segmentIdOf(raw.segment_id),
    timestamp: parseTimestamp(raw.timestamp) ?? ctx.receivedAt,
    startedAt: started ?? null,
    urls: urlList(raw.urls),
    errorIds: idList(raw.error_ids),
    traceIds: idList(raw.trace_ids),
    info: {
      replayType: replayType === 'buffer' ? 'buffer' : 'session',
      platform,
      release: validRelease(raw.release),
      environment: validEnvironment(raw.environment),
      dist: validDist(raw.dist),
      user: userOf(raw, ctx, platform),
      sdk: nameVersion(raw.sdk),
      browser: nameVersion(contexts.browser ?? uaContexts['browser']),
      os: nameVersion(contexts.os ?? uaContexts['os']),
      device: deviceOf(contexts.device ?? uaContexts['device']),
      tags: parseTags(raw.tags).slice(0, 50),
    },
  };
}
