import type { JsonObject } from '../../protocol/json.js';
import type {
  ApiTokenRecord,
  IssueRecord,
  IssueStatus,
  OrganizationRecord,
  ProjectKeyRecord,
  ProjectRecord,
  TeamRecord,
  UserRecord,
} from '../types.js';

/** A row as better-sqlite3 returns it. */
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
  };
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
