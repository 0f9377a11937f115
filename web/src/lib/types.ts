// The JSON shapes the UI reads from `/api/0/`. They follow the server's presenters (Sentry's shapes);
// only the fields the UI uses are listed, and anything that comes from an SDK is typed loosely.

/** The signed-in user (`GET /api/0/users/me/`). */
export interface User {
  id: string;
  email: string;
  name: string;
  isSuperuser: boolean;
}

export interface Organization {
  id: string;
  slug: string;
  name: string;
  dateCreated: string;
}

export interface Team {
  id: string;
  slug: string;
  name: string;
  dateCreated?: string;
}

export interface Project {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  dateCreated: string;
  firstEvent: string | null;
  team: Team | null;
  /** Project options, Sentry's keys: `sentry:apdex_threshold` (ms). */
  options?: Record<string, unknown>;
}

/** A client key's rate limit: at most `count` error events per `window` seconds. */
export interface KeyRateLimit {
  count: number;
  window: number;
}

/** A client key (`/keys/`): `id` is the public key. */
export interface ProjectKey {
  id: string;
  name: string;
  label: string;
  isActive: boolean;
  dateCreated: string;
  rateLimit: KeyRateLimit | null;
  dsn: { public: string; secret: string };
}

export type IssueStatus = 'resolved' | 'unresolved' | 'ignored';

/** [unix seconds, count] buckets, oldest first. */
export type StatsSeries = Array<[number, number]>;

export interface Issue {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  status: IssueStatus;
  substatus: string | null;
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  permalink: string;
  project: { id: string; slug: string; name: string; platform: string | null };
  metadata: Record<string, unknown>;
  stats?: Record<string, StatsSeries>;
  firstRelease: { version: string } | null;
  lastRelease: { version: string } | null;
  isUnhandled: boolean;
}

/** One of the event's typed sections; `data` is whatever the SDK sent, normalised by the digest. */
export interface EventEntry {
  type: string;
  data: unknown;
}

export interface EventDetail {
  id: string;
  eventID: string;
  groupID: string;
  title: string;
  message: string;
  culprit: string;
  platform: string;
  level: string;
  dateCreated: string;
  dateReceived: string;
  tags: Array<{ key: string; value: string }>;
  user: Record<string, unknown> | null;
  contexts: Record<string, unknown>;
  sdk: Record<string, unknown> | null;
  context: Record<string, unknown>;
  release: { version: string } | null;
  environment: string | null;
  entries: EventEntry[];
  fingerprints: string[];
  previousEventID: string | null;
  nextEventID: string | null;
}

export interface TagSummary {
  key: string;
  totalValues: number;
  uniqueValues: number;
  topValues: Array<{ value: string; count: number }>;
}

export type Role = 'owner' | 'manager' | 'member';

export interface Member {
  id: string;
  email: string;
  name: string;
  role: Role;
  dateCreated: string;
}

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  dateCreated: string;
  lastUsedAt: string | null;
  /** Only in the answer to the POST that created it. */
  token?: string;
}

/** A user as the superuser admin lists them. */
export interface AdminUser {
  id: string;
  email: string;
  name: string;
  isSuperuser: boolean;
  isActive: boolean;
  dateJoined: string;
}

/** `stats_v2` grouped by outcome, category and reason. */
export interface OutcomeStats {
  intervals: string[];
  groups: Array<{
    by: Record<string, string | number>;
    totals: Record<string, number>;
  }>;
}
