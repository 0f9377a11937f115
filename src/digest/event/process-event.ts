/**
 * The error digest's entry point: raw event JSON in, {@link ProcessedEvent} out. Order matters and
 * follows Sentry's: normalise → in-app marking → derived tags → grouping (fingerprint variables can
 * read the derived tags) → title/culprit/metadata (an exception group's title comes from grouping).
 */
import type { JsonObject } from '../../protocol/json.js';
import { computeHashes, GROUPING_CONFIG, markInApp } from '../grouping/index.js';
import { hashValues } from '../grouping/component.js';
import { resolveEventId } from './identity.js';
import { deriveTags, userKeyOf } from './derived-tags.js';
import { normalizeEvent } from './normalize.js';
import type { ProcessedEvent } from './processed-event.js';
import { buildTitle } from './title.js';

/** What the ingest edge knows about the request that carried the event. */
export interface ProcessContext {
  projectId: number;
  /** Unix milliseconds. */
  receivedAt: number;
  /** The envelope header's `event_id`; it wins over the payload's. */
  eventId?: string;
  /** The envelope header's `sent_at`, Unix milliseconds, for clock-drift correction. */
  sentAt?: number;
  clientIp?: string | null;
  userAgent?: string | null;
  /** The envelope item's `platform` header, used when the payload has none. */
  platformHint?: string;
}

/**
 * Normalises, groups and titles one error or message event. Never throws: payloads are
 * attacker-controlled, and a hostile one that still trips an unforeseen path is stored as a minimal
 * `<unlabeled event>` rather than failing the envelope.
 */
export function processEvent(raw: Record<string, unknown>, ctx: ProcessContext): ProcessedEvent {
  try {
    return processEventUnguarded(raw, ctx);
  } catch {
    return fallbackEvent(raw, ctx);
  }
}

/**
 * {@link processEvent} without the last-resort guard: a bug surfaces as an exception. Tests use it to
 * prove the guard is never what keeps hostile input from failing.
 */
export function processEventUnguarded(raw: Record<string, unknown>, ctx: ProcessContext): ProcessedEvent {
  const normalized = normalizeEvent(raw, ctx);
  const data = normalized.data;
  const inAppFrameMix = markInApp(data);
  const given = Array.isArray(data['tags']) ? (data['tags'] as Array<[string, string]>) : [];
  const tags = deriveTags(data, given);
  data['tags'] = tags;
  const grouping = computeHashes(data);
  const titleOptions: Parameters<typeof buildTitle>[1] = { type: normalized.type };
  if (grouping.mainExceptionId !== undefined) titleOptions.mainExceptionId = grouping.mainExceptionId;
  if (inAppFrameMix !== undefined) titleOptions.inAppFrameMix = inAppFrameMix;
  const { title, culprit, metadata } = buildTitle(data, titleOptions);
  data['type'] = normalized.type;
  data['title'] = title;
  data['culprit'] = culprit;
  data['metadata'] = metadata;
  data['hashes'] = grouping.hashes;
  data['grouping_config'] = { id: grouping.config };
  return {
    eventId: normalized.eventId,
    projectId: ctx.projectId,
    type: normalized.type,
    level: normalized.level,
    platform: normalized.platform,
    // Storage keeps whole milliseconds (BIGINT in PostgreSQL); the body keeps the precise value.
    timestamp: Math.round(normalized.timestamp),
    receivedAt: Math.round(ctx.receivedAt),
    title,
    culprit,
    metadata,
    release: normalized.release,
    environment: normalized.environment,
    dist: normalized.dist,
    serverName: normalized.serverName,
    transaction: normalized.transaction,
    traceId: normalized.traceId,
    tags,
    userKey: userKeyOf(data['user']),
    hashes: grouping.hashes,
    groupingConfig: grouping.config,
    data,
  };
}

/** Last-resort event for inputs that broke normalisation: keeps the id, groups everything as one. */
function fallbackEvent(raw: Record<string, unknown>, ctx: ProcessContext): ProcessedEvent {
  const eventId = resolveEventId(safeGet(raw, 'event_id'), ctx.eventId);
  const hash = hashValues([]);
  const data: JsonObject = {
    event_id: eventId,
    level: 'error',
    platform: 'other',
    timestamp: ctx.receivedAt / 1000,
    received: ctx.receivedAt / 1000,
    type: 'default',
    title: '<unlabeled event>',
    culprit: '',
    metadata: { title: '<unlabeled event>' },
    hashes: [hash],
    grouping_config: { id: GROUPING_CONFIG },
  };
  return {
    eventId,
    projectId: ctx.projectId,
    type: 'default',
    level: 'error',
    platform: 'other',
    timestamp: ctx.receivedAt,
    receivedAt: ctx.receivedAt,
    title: '<unlabeled event>',
    culprit: '',
    metadata: { title: '<unlabeled event>' },
    release: null,
    environment: null,
    dist: null,
    serverName: null,
    transaction: null,
    traceId: null,
    tags: [['level', 'error']],
    userKey: null,
    hashes: [hash],
    groupingConfig: GROUPING_CONFIG,
    data,
  };
}

function safeGet(raw: Record<string, unknown>, key: string): unknown {
  try {
    return raw[key];
  } catch {
    return undefined;
  }
}
