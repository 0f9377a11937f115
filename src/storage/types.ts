import type { JsonObject } from '../protocol/json.js';
import type { ConfiguredThreshold } from './threshold-types.js';

/** Membership roles within an organization, most powerful first. */
export type OrgRole = 'owner' | 'manager' | 'member';

/** Issue states as Sentry names them. */
export type IssueStatus = 'unresolved' | 'resolved' | 'ignored';

export interface UserRecord {
  id: number;
  email: string;
  name: string;
  passwordHash: string | null;
  isSuperuser: boolean;
  isActive: boolean;
  dateJoined: number;
}

export interface OrganizationRecord {
  id: number;
  slug: string;
  name: string;
  dateCreated: number;
}

export interface TeamRecord {
  id: number;
  organizationId: number;
  slug: string;
  name: string;
  dateCreated: number;
}

export interface ProjectRecord {
  id: number;
  organizationId: number;
  teamId: number | null;
  slug: string;
  name: string;
  platform: string | null;
  dateCreated: number;
  /** Set once the first event arrives (onboarding waits for it). */
  firstEventAt: number | null;
  /**
   * The apdex / user-misery threshold of the project's transactions (also its `sentry:apdex_threshold`
   * option); null when it follows Sentry's default, 300 ms of duration.
   */
  threshold: ConfiguredThreshold | null;
}

/**
 * A client key's rate limit, Sentry's shape: at most `count` error events (default, error and security
 * categories) per `window` seconds. Keys without one are unlimited.
 */
export interface KeyRateLimit {
  count: number;
  window: number;
}

export interface ProjectKeyRecord {
  id: number;
  projectId: number;
  publicKey: string;
  secretKey: string;
  label: string;
  isActive: boolean;
  dateCreated: number;
  rateLimit: KeyRateLimit | null;
}

/** An active key as the ingest edge caches it: what it needs to authenticate and limit a request. */
export interface ActiveKey {
  publicKey: string;
  projectId: number;
  rateLimit: KeyRateLimit | null;
}

export interface ApiTokenRecord {
  id: number;
  userId: number;
  name: string;
  scopes: string[];
  dateCreated: number;
  lastUsedAt: number | null;
}

/** One issue (Sentry's "group"). */
export interface IssueRecord {
  id: number;
  projectId: number;
  /** Per-project counter behind the short id (`PROJECT-1A`). */
  shortNumber: number;
  title: string;
  culprit: string;
  level: string;
  type: string;
  platform: string;
  status: IssueStatus;
  /** `regressed` after a resolved issue saw a new event, `new` on first sight, else null. */
  substatus: string | null;
  metadata: JsonObject;
  timesSeen: number;
  userCount: number;
  firstSeen: number;
  lastSeen: number;
  firstRelease: string | null;
  lastRelease: string | null;
  resolvedAt: number | null;
}

/** A stored event: its indexed columns and, when asked for, its full body. */
export interface EventRecord {
  eventId: string;
  projectId: number;
  issueId: number;
  timestamp: number;
  receivedAt: number;
  data: JsonObject;
}

/** Filters of the issue stream; the API's query language compiles to this. */
export interface IssueQuery {
  projectIds: number[];
  status?: IssueStatus | undefined;
  levels?: string[] | undefined;
  /** Tag filters (`environment`, `release` and `level` included as tags), all must match. */
  tags: Array<{ key: string; value: string; negate: boolean }>;
  /** Free-text terms, matched against title, culprit and the exception value. */
  text: string[];
  /** Only issues seen at or after this time (ms). */
  since?: number | undefined;
  until?: number | undefined;
  sort: 'date' | 'new' | 'freq' | 'user';
  limit: number;
  offset: number;
}

/** A tag key of one issue with its most common values. */
export interface TagSummary {
  key: string;
  totalValues: number;
  uniqueValues: number;
  topValues: TagValueRecord[];
}

export interface TagValueRecord {
  key: string;
  value: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/** What became of a batch of error events written by the digest. */
export interface SaveEventsResult {
  saved: number;
  /** Stored events per project id, for the accepted outcome counters. */
  savedPerProject: Map<number, number>;
  /** Already stored (same project and event id): skipped, so a replayed envelope stores nothing twice. */
  duplicates: number;
  newIssueIds: number[];
  regressedIssueIds: number[];
}

/** One row of outcome counters: where items went, per project, hour, category and reason. */
export interface OutcomeRow {
  projectId: number | null;
  /** Start of the hour, Unix ms. */
  hour: number;
  outcome: 'accepted' | 'filtered' | 'rate_limited' | 'invalid' | 'client_discard' | 'abuse';
  category: string;
  reason: string;
  quantity: number;
}

/** An event attachment's metadata; its bytes are in the blob store under `blobKey`. */
export interface AttachmentRecord {
  id: number;
  projectId: number;
  eventId: string;
  /** Position in its envelope, which makes re-processing the same envelope idempotent. */
  index: number;
  name: string;
  contentType: string;
  attachmentType: string;
  size: number;
  sha1: string;
  blobKey: string;
  dateCreated: number;
}

/** A browser login session. Only a hash of the cookie value is stored. */
export interface SessionRecord {
  idHash: string;
  userId: number;
  /** Token the client must echo in `X-CSRFToken` on every cookie-authenticated write. */
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

/** A member of an organization, with the user it is. */
export interface MemberRecord {
  organizationId: number;
  role: OrgRole;
  dateAdded: number;
  user: UserRecord;
}
