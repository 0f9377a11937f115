import type { JsonObject } from '../protocol/json.js';
import { unpackEventBody } from './event-body.js';
import type { ConfiguredThreshold, ThresholdOverrideRecord } from './threshold-types.js';
import type {
  ApiTokenRecord,
  AttachmentRecord,
  EventRecord,
  OutcomeRow,
  IssueRecord,
  IssueStatus,
  MemberRecord,
  OrganizationRecord,
  OrgRole,
  ActiveKey,
  KeyRateLimit,
  ProjectKeyRecord,
  ProjectRecord,
  SessionRecord,
  TeamRecord,
  UserRecord,
} from './types.js';

/** A row as either driver returns it; both adapters have the same columns, so they share these mappers. */
export type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v);
const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string => String(v);
const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Maps a `users` row. */
export function toUser(r: Row): UserRecord {
  return {
    id: num(r.id),
    email: str(r.email),
    name: str(r.name),
    passwordHash: optStr(r.password_hash),
    isSuperuser: Boolean(r.is_superuser),
    isActive: Boolean(r.is_active),
    dateJoined: num(r.date_joined),
  };
}

/** Maps a `sessions` row. */
export function toSession(r: Row): SessionRecord {
  return {
    idHash: str(r.id_hash),
    userId: num(r.user_id),
    csrfToken: str(r.csrf_token),
    createdAt: num(r.created_at),
    expiresAt: num(r.expires_at),
  };
}

/** Maps an `org_members` row joined with its `users` row (the two share no column name). */
export function toMember(r: Row): MemberRecord {
  return {
    organizationId: num(r.organization_id),
    role: str(r.role) as OrgRole,
    dateAdded: num(r.date_added),
    user: toUser(r),
  };
}

/** Maps an `organizations` row. */
export function toOrganization(r: Row): OrganizationRecord {
  return { id: num(r.id), slug: str(r.slug), name: str(r.name), dateCreated: num(r.date_created) };
}

/** Maps a `teams` row. */
export function toTeam(r: Row): TeamRecord {
  return {
    id: num(r.id),
    organizationId: num(r.organization_id),
    slug: str(r.slug),
    name: str(r.name),
    dateCreated: num(r.date_created),
  };
}

/** Maps a `projects` row. */
export function toProject(r: Row): ProjectRecord {
  return {
    id: num(r.id),
    organizationId: num(r.organization_id),
    teamId: optNum(r.team_id),
    slug: str(r.slug),
    name: str(r.name),
    platform: optStr(r.platform),
    dateCreated: num(r.date_created),
    firstEventAt: optNum(r.first_event_at),
    threshold: toProjectThreshold(r),
  };
}

/**
 * The threshold columns of a `projects` row. A threshold is configured when `apdex_threshold_ms` is set
 * (NULL meant the default before the metric and dates existed, and still does).
 */
function toProjectThreshold(r: Row): ConfiguredThreshold | null {
  if (r.apdex_threshold_ms === null || r.apdex_threshold_ms === undefined) return null;
  return {
    thresholdMs: num(r.apdex_threshold_ms),
    metric: r.apdex_metric === 'lcp' ? 'lcp' : 'duration',
    editedBy: optNum(r.apdex_edited_by),
    dateAdded: optNum(r.apdex_date_added) ?? num(r.date_created),
    dateUpdated: optNum(r.apdex_date_updated) ?? num(r.date_created),
  };
}

/** Maps a `transaction_threshold_overrides` row. */
export function toThresholdOverride(r: Row): ThresholdOverrideRecord {
  return {
    id: num(r.id),
    projectId: num(r.project_id),
    transaction: str(r.name),
    thresholdMs: num(r.threshold_ms),
    metric: r.metric === 'lcp' ? 'lcp' : 'duration',
    editedBy: optNum(r.edited_by),
    dateAdded: num(r.date_added),
    dateUpdated: num(r.date_updated),
  };
}

/** Maps a `project_keys` row. */
export function toProjectKey(r: Row): ProjectKeyRecord {
  return {
    id: num(r.id),
    projectId: num(r.project_id),
    publicKey: str(r.public_key),
    secretKey: str(r.secret_key),
    label: str(r.label),
    isActive: Boolean(r.is_active),
    dateCreated: num(r.date_created),
    rateLimit: toKeyRateLimit(r),
  };
}

/** A key's rate limit from its two columns; a half-set or zero pair means none, as in Sentry. */
function toKeyRateLimit(r: Row): KeyRateLimit | null {
  const count = optNum(r.rate_limit_count);
  const window = optNum(r.rate_limit_window);
  return count && window ? { count, window } : null;
}

/** Maps a row of `listActiveKeys` (public key, project and rate limit columns). */
export function toActiveKey(r: Row): ActiveKey {
  return { publicKey: str(r.public_key), projectId: num(r.project_id), rateLimit: toKeyRateLimit(r) };
}

/** Maps an `api_tokens` row. */
export function toApiToken(r: Row): ApiTokenRecord {
  return {
    id: num(r.id),
    userId: num(r.user_id),
    name: str(r.name),
    scopes: JSON.parse(str(r.scopes)) as string[],
    dateCreated: num(r.date_created),
    lastUsedAt: optNum(r.last_used_at),
  };
}

/** Maps an `issues` row. */
export function toIssue(r: Row): IssueRecord {
  return {
    id: num(r.id),
    projectId: num(r.project_id),
    shortNumber: num(r.short_number),
    title: str(r.title),
    culprit: str(r.culprit),
    level: str(r.level),
    type: str(r.type),
    platform: str(r.platform),
    status: str(r.status) as IssueStatus,
    substatus: optStr(r.substatus),
    metadata: JSON.parse(str(r.metadata)) as JsonObject,
    timesSeen: num(r.times_seen),
    userCount: num(r.user_count),
    firstSeen: num(r.first_seen),
    lastSeen: num(r.last_seen),
    firstRelease: optStr(r.first_release),
    lastRelease: optStr(r.last_release),
    resolvedAt: optNum(r.resolved_at),
  };
}

/** Maps an `events` row (with its body). */
export function toEvent(r: Row): EventRecord {
  return {
    eventId: String(r.event_id),
    projectId: Number(r.project_id),
    issueId: Number(r.issue_id),
    timestamp: Number(r.timestamp),
    receivedAt: Number(r.received_at),
    data: unpackEventBody(r.body as Buffer),
  };
}

/** Maps an `attachments` row. */
export function toAttachment(r: Row): AttachmentRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    eventId: String(r.event_id),
    index: Number(r.idx),
    name: String(r.name),
    contentType: String(r.content_type),
    attachmentType: String(r.attachment_type),
    size: Number(r.size),
    sha1: String(r.sha1),
    blobKey: String(r.blob_key),
    dateCreated: Number(r.date_created),
  };
}

/** Maps an `outcomes` row; project 0 stands for "no project" (a key of the primary key cannot be NULL). */
export function toOutcome(r: Row): OutcomeRow {
  return {
    projectId: Number(r.project_id) || null,
    hour: Number(r.hour),
    outcome: String(r.outcome) as OutcomeRow['outcome'],
    category: String(r.category),
    reason: String(r.reason),
    quantity: Number(r.quantity),
  };
}
