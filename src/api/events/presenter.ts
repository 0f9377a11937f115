import type { JsonObject, JsonValue } from '../../protocol/json.js';
import type { AttachmentRecord, EventRecord, IssueRecord, TagValueRecord } from '../../storage/types.js';
import { isoDate } from '../format.js';

const asObject = (v: JsonValue | undefined): JsonObject | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null;
const asArray = (v: JsonValue | undefined): JsonValue[] => {
  if (Array.isArray(v)) return v;
  const values = asObject(v)?.values;
  return Array.isArray(values) ? values : [];
};

/** The event's message text: `logentry.formatted`, else the template, else a legacy `message` string. */
export function eventMessage(data: JsonObject): string {
  const logentry = asObject(data.logentry);
  const formatted = logentry?.formatted ?? logentry?.message ?? data.message;
  return typeof formatted === 'string' ? formatted : '';
}

/** Tags as Sentry's event API lists them: `[{key, value}]`. */
export function eventTags(data: JsonObject): Array<{ key: string; value: string }> {
  const tags = data.tags;
  if (Array.isArray(tags)) {
    return tags.flatMap((t) =>
      Array.isArray(t) && t.length >= 2 ? [{ key: String(t[0]), value: String(t[1]) }] : [],
    );
  }
  const obj = asObject(tags);
  return obj ? Object.entries(obj).map(([key, value]) => ({ key, value: String(value) })) : [];
}

/** Sentry's `entries`: typed sections the UI renders (exception, message, breadcrumbs, request). */
function entries(data: JsonObject): Array<{ type: string; data: JsonValue }> {
  const out: Array<{ type: string; data: JsonValue }> = [];
  const exceptions = asArray(data.exception);
  if (exceptions.length > 0) {
    const hasSystemFrames = exceptions.some((ex) =>
      asArray(asObject(asObject(ex)?.stacktrace ?? null)?.frames).some((f) => asObject(f)?.in_app !== true),
    );
    out.push({ type: 'exception', data: { values: exceptions, hasSystemFrames, excOmitted: null } });
  }
  const message = eventMessage(data);
  if (message) {
    const logentry = asObject(data.logentry);
    out.push({
      type: 'message',
      data: {
        formatted: message,
        message: (logentry?.message as string | undefined) ?? null,
        params: logentry?.params ?? null,
      },
    });
  }
  const breadcrumbs = asArray(data.breadcrumbs);
  if (breadcrumbs.length > 0) out.push({ type: 'breadcrumbs', data: { values: breadcrumbs } });
  const request = asObject(data.request);
  if (request) out.push({ type: 'request', data: request });
  return out;
}

/** A full event in the shape of Sentry's event detail API. */
export function presentEvent(
  event: EventRecord,
  issue: Pick<IssueRecord, 'id' | 'title' | 'culprit' | 'metadata'> | null,
  extra: { previous?: string | null; next?: string | null; hashes?: string[] } = {},
): Record<string, unknown> {
  const d = event.data;
  const release = typeof d.release === 'string' ? d.release : null;
  return {
    id: event.eventId,
    eventID: event.eventId,
    groupID: String(event.issueId),
    projectID: String(event.projectId),
    title: typeof d.title === 'string' ? d.title : (issue?.title ?? ''),
    message: eventMessage(d),
    culprit: typeof d.culprit === 'string' ? d.culprit : (issue?.culprit ?? ''),
    location: typeof d.culprit === 'string' ? d.culprit : null,
    type: d.type ?? 'default',
    platform: d.platform ?? 'other',
    level: d.level ?? 'error',
    logger: d.logger ?? null,
    dateCreated: isoDate(event.timestamp),
    dateReceived: isoDate(event.receivedAt),
    size: JSON.stringify(d).length,
    tags: eventTags(d),
    user: asObject(d.user),
    contexts: asObject(d.contexts) ?? {},
    sdk: asObject(d.sdk),
    context: asObject(d.extra) ?? {},
    packages: asObject(d.modules) ?? {},
    fingerprints: extra.hashes ?? (Array.isArray(d.hashes) ? d.hashes : []),
    metadata: issue?.metadata ?? {},
    release: release ? { version: release } : null,
    dist: d.dist ?? null,
    environment: d.environment ?? null,
    entries: entries(d),
    errors: Array.isArray(d.errors) ? d.errors : [],
    crashFile: null,
    previousEventID: extra.previous ?? null,
    nextEventID: extra.next ?? null,
  };
}

/** The short form Sentry uses in event lists. */
export function presentEventSummary(event: EventRecord): Record<string, unknown> {
  const d = event.data;
  return {
    id: event.eventId,
    eventID: event.eventId,
    groupID: String(event.issueId),
    projectID: String(event.projectId),
    title: typeof d.title === 'string' ? d.title : '',
    message: eventMessage(d),
    platform: d.platform ?? 'other',
    'event.type': d.type ?? 'default',
    dateCreated: isoDate(event.timestamp),
    user: asObject(d.user),
    tags: eventTags(d),
  };
}

/** An attachment's metadata, in the shape of Sentry's event attachments API. */
export function presentAttachment(a: AttachmentRecord): Record<string, unknown> {
  return {
    id: String(a.id),
    event_id: a.eventId,
    type: a.attachmentType,
    name: a.name,
    mimetype: a.contentType,
    size: a.size,
    sha1: a.sha1,
    dateCreated: isoDate(a.dateCreated),
    headers: { 'Content-Type': a.contentType },
  };
}

/** One value of an issue's tag, in the shape of Sentry's tag values API. */
export function presentTagValue(v: TagValueRecord): Record<string, unknown> {
  return {
    key: v.key,
    name: v.value,
    value: v.value,
    count: v.count,
    firstSeen: isoDate(v.firstSeen),
    lastSeen: isoDate(v.lastSeen),
  };
}
