import type { EventForStorage } from '../digest/event/processed-event.js';
import type {
  SaveTransactionsResult,
  SpanRow,
  StoredTransaction,
  TransactionBatch,
  TransactionFilter,
  TransactionRollupRow,
  WindowOptions,
  TransactionRow,
} from './performance-types.js';
import type { JsonObject } from '../protocol/json.js';
import type { ThresholdTable } from '../perf/thresholds.js';
import type { ThresholdInput, ThresholdOverrideRecord } from './threshold-types.js';
import type { ReplayQuery, ReplayRecord, ReplaySegmentInput, ReplaySegmentRecord } from './replay-types.js';
import type {
  ApiTokenRecord,
  AttachmentRecord,
  MemberRecord,
  SessionRecord,
  EventRecord,
  IssueQuery,
  IssueRecord,
  IssueStatus,
  OrganizationRecord,
  OrgRole,
  OutcomeRow,
  ActiveKey,
  KeyRateLimit,
  ProjectKeyRecord,
  ProjectRecord,
  SaveEventsResult,
  TagSummary,
  TagValueRecord,
  TeamRecord,
  UserRecord,
} from './types.js';

/** Fields a status change may set on issues. */
export interface IssuePatch {
  status?: IssueStatus;
  substatus?: string | null;
}

/**
 * The one storage interface. Each adapter (SQLite embedded, PostgreSQL scale-out) implements it and
 * passes the shared contract suite in `test/contract/`. Dialect-specific SQL stays inside the adapter.
 */
export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;

  // Key-value settings the server keeps about itself (schema version, install id, …).
  getMeta(key: string): Promise<string | null>;
  setMeta(key: string, value: string): Promise<void>;

  // Accounts.
  createUser(input: {
    email: string;
    name?: string;
    passwordHash: string | null;
    isSuperuser: boolean;
  }): Promise<UserRecord>;
  getUserByEmail(email: string): Promise<UserRecord | null>;
  getUserById(id: number): Promise<UserRecord | null>;
  countUsers(): Promise<number>;
  setUserPassword(userId: number, passwordHash: string): Promise<void>;
  listUsers(): Promise<UserRecord[]>;
  updateUser(
    userId: number,
    patch: { name?: string; isSuperuser?: boolean; isActive?: boolean },
  ): Promise<void>;
  /**
   * Creates the first user only if there is none yet (atomically, so two browsers racing through the
   * first-start page cannot both become superuser); null when a user already exists.
   */
  createFirstUser(input: { email: string; name?: string; passwordHash: string }): Promise<UserRecord | null>;

  // Browser sessions.
  createSession(session: SessionRecord): Promise<void>;
  /** The session and its user, when the session exists, has not expired and the user is active. */
  findSession(idHash: string, now: number): Promise<{ session: SessionRecord; user: UserRecord } | null>;
  deleteSession(idHash: string): Promise<void>;
  deleteUserSessions(userId: number): Promise<void>;
  deleteExpiredSessions(now: number): Promise<number>;

  createOrganization(input: { slug: string; name: string }): Promise<OrganizationRecord>;
  getOrganization(slugOrId: string): Promise<OrganizationRecord | null>;
  /** Organizations the user belongs to; every organization for a superuser. */
  listOrganizationsForUser(user: UserRecord): Promise<OrganizationRecord[]>;
  addMember(organizationId: number, userId: number, role: OrgRole): Promise<void>;
  getMemberRole(organizationId: number, userId: number): Promise<OrgRole | null>;
  listMembers(organizationId: number): Promise<MemberRecord[]>;
  removeMember(organizationId: number, userId: number): Promise<void>;

  createTeam(input: { organizationId: number; slug: string; name: string }): Promise<TeamRecord>;
  getTeam(organizationId: number, slug: string): Promise<TeamRecord | null>;
  listTeams(organizationId: number): Promise<TeamRecord[]>;

  createProject(input: {
    organizationId: number;
    teamId: number | null;
    slug: string;
    name: string;
    platform: string | null;
  }): Promise<ProjectRecord>;
  getProject(organizationId: number, slugOrId: string): Promise<ProjectRecord | null>;
  getProjectById(id: number): Promise<ProjectRecord | null>;
  listProjects(organizationId: number): Promise<ProjectRecord[]>;
  updateProject(
    id: number,
    patch: {
      name?: string;
      slug?: string;
      platform?: string | null;
      teamId?: number | null;
    },
  ): Promise<void>;
  /** Deletes a project with its keys, issues, events, attachments, thresholds and performance data. */
  deleteProject(id: number): Promise<void>;

  // Transaction thresholds (apdex / user misery T), per project and per transaction.
  /**
   * Sets a project's threshold (its date added is kept across changes), or with null returns the
   * project to the default (300 ms of duration, nothing configured).
   */
  setProjectThreshold(projectId: number, value: ThresholdInput | null): Promise<void>;
  /** The transaction overrides of the projects (only of `names` when given), by project, then name. */
  listThresholdOverrides(projectIds: number[], names?: string[]): Promise<ThresholdOverrideRecord[]>;
  /**
   * Creates or replaces one transaction's override. Refuses (null) a new one when the project already
   * has `limit` overrides for other transactions (decided atomically, so racing writers cannot pass
   * it), and any for a project that does not exist.
   */
  saveThresholdOverride(
    projectId: number,
    transaction: string,
    value: ThresholdInput,
    limit: number,
  ): Promise<{ override: ThresholdOverrideRecord; created: boolean } | null>;
  /** Deletes one transaction's override; false when it had none. */
  deleteThresholdOverride(projectId: number, transaction: string): Promise<boolean>;

  createProjectKey(projectId: number, label: string): Promise<ProjectKeyRecord>;
  listProjectKeys(projectId: number): Promise<ProjectKeyRecord[]>;
  /** Changes a key of the project; `rateLimit: null` removes its limit. False when there is no such key. */
  updateProjectKey(
    projectId: number,
    publicKey: string,
    patch: { label?: string; isActive?: boolean; rateLimit?: KeyRateLimit | null },
  ): Promise<boolean>;
  deleteProjectKey(projectId: number, publicKey: string): Promise<boolean>;
  /** Every active key with its project and rate limit, for the ingest edge's in-memory cache. */
  listActiveKeys(): Promise<ActiveKey[]>;

  createApiToken(input: {
    userId: number;
    name: string;
    tokenHash: string;
    scopes: string[];
  }): Promise<ApiTokenRecord>;
  /** The token and its user, when the hash is known and the user active; marks it used. */
  findApiToken(tokenHash: string): Promise<{ token: ApiTokenRecord; user: UserRecord } | null>;
  listApiTokens(userId: number): Promise<ApiTokenRecord[]>;
  deleteApiToken(userId: number, tokenId: number): Promise<boolean>;

  // Errors: the digest's write path.
  /** Groups and stores a batch atomically; idempotent by (project, event id). */
  saveErrorEvents(events: EventForStorage[]): Promise<SaveEventsResult>;

  /** Records attachments already written to the blob store; idempotent by (project, event, index). */
  saveAttachments(rows: Array<Omit<AttachmentRecord, 'id'>>): Promise<void>;
  listEventAttachments(projectId: number, eventId: string): Promise<AttachmentRecord[]>;

  // Issues and events: the API's read path.
  listIssues(query: IssueQuery): Promise<IssueRecord[]>;
  /** Environment names seen on the projects' issues, sorted. */
  listEnvironments(projectIds: number[]): Promise<string[]>;
  /** How many issues match (ignoring limit and offset), counting no further than `max`. */
  countIssues(query: IssueQuery, max: number): Promise<number>;
  getIssue(id: number): Promise<IssueRecord | null>;
  updateIssues(ids: number[], patch: IssuePatch): Promise<number>;
  deleteIssues(ids: number[]): Promise<number>;
  /** Hourly event counts per issue between `since` and `until` (ms), as [hourStartMs, count] pairs. */
  issueHourlyCounts(
    ids: number[],
    since: number,
    until: number,
  ): Promise<Map<number, Array<[number, number]>>>;

  listIssueEvents(issueId: number, limit: number, offset: number): Promise<EventRecord[]>;
  getIssueEvent(issueId: number, which: 'latest' | 'oldest'): Promise<EventRecord | null>;
  getEvent(projectId: number, eventId: string): Promise<EventRecord | null>;
  /** The ids of the events just before and after one event of an issue (by time), for navigation. */
  getAdjacentEventIds(
    issueId: number,
    event: EventRecord,
  ): Promise<{ previous: string | null; next: string | null }>;

  listIssueTags(issueId: number, topValues: number): Promise<TagSummary[]>;
  listIssueTagValues(issueId: number, key: string, limit: number): Promise<TagValueRecord[]>;
  listIssueHashes(issueId: number): Promise<Array<{ hash: string; config: string }>>;

  // Performance (transactions and spans).
  /**
   * Stores a batch atomically: transactions (idempotent by project, event id and receive time), their
   * spans, late segment measurements, and the hourly roll-ups and per-user maxima the summaries read.
   * Interactions named after a segment not stored yet take its name when it arrives.
   */
  saveTransactions(batch: TransactionBatch): Promise<SaveTransactionsResult>;
  countTransactions(filter: TransactionFilter): Promise<number>;
  /** Matching rows, newest first, at most `limit` (exact aggregation over small windows; samples). */
  listTransactionRows(
    filter: TransactionFilter,
    limit: number,
    order?: 'newest' | 'slowest' | 'fastest',
  ): Promise<TransactionRow[]>;
  /**
   * Hourly roll-ups in the window (whole hours overlapping it), for aggregation at scale; with `days`,
   * its whole days as one row each (see {@link WindowOptions}).
   */
  listTransactionRollups(filter: TransactionFilter, opts?: WindowOptions): Promise<TransactionRollupRow[]>;
  /**
   * Per (project, name): distinct users, and distinct users with a transaction slower than `slower`:
   * a duration in ms, or a table of limits per project and per transaction, each on the duration or
   * the page's LCP (a user without an LCP is never slower than an LCP limit).
   */
  transactionUsers(
    filter: TransactionFilter,
    slower: number | ThresholdTable,
    opts?: WindowOptions,
  ): Promise<Array<{ projectId: number; name: string; users: number; slowUsers: number }>>;
  /**
   * Per time bucket of `bucketMs` (a multiple of an hour; buckets start at multiples of it since the
   * epoch) and project: distinct users, and distinct users with a transaction slower than `slower` (as
   * for {@link transactionUsers}), over every matching name. One grouped query for a whole series.
   */
  transactionUserSeries(
    filter: TransactionFilter,
    slower: number | ThresholdTable,
    bucketMs: number,
  ): Promise<Array<{ projectId: number; bucket: number; users: number; slowUsers: number }>>;
  getTransaction(projectId: number, eventId: string): Promise<StoredTransaction | null>;
  /** Spans of one transaction (or v2 segment), by start time. */
  listTransactionSpans(projectId: number, transactionEventId: string): Promise<SpanRow[]>;
  /** Every transaction of a trace within the projects. */
  listTraceTransactions(traceId: string, projectIds: number[]): Promise<TransactionRow[]>;
  /** Every error event of a trace within the projects, with its issue. */
  listTraceErrors(
    traceId: string,
    projectIds: number[],
  ): Promise<
    Array<{ eventId: string; projectId: number; issueId: number; timestamp: number; data: JsonObject }>
  >;

  // Session replay.
  /**
   * Adds replay segments (their recordings already in the blob store) and merges each touched replay's
   * index row; a segment already stored is a no-op. Returns segments added per project.
   */
  saveReplaySegments(segments: ReplaySegmentInput[]): Promise<Map<number, number>>;
  listReplays(query: ReplayQuery): Promise<ReplayRecord[]>;
  getReplay(projectIds: number[], replayId: string): Promise<ReplayRecord | null>;
  /** The replay's stored segments, in segment order. */
  listReplaySegments(projectId: number, replayId: string): Promise<ReplaySegmentRecord[]>;
  /** Deletes a replay's rows; returns the blob keys of its segments for the caller to delete. */
  deleteReplay(projectId: number, replayId: string): Promise<string[]>;

  // Operator visibility.
  addOutcomes(rows: OutcomeRow[]): Promise<void>;
  listOutcomes(since: number, projectIds: number[] | null): Promise<OutcomeRow[]>;

  // Retention.
  /**
   * Deletes up to `limit` events older than `before` (ms) and issues left with no recent activity, up to
   * `limit` old transactions, spans and replays (by when they finished), and the roll-ups of hours before `before`; returns how many it
   * deleted, so the job calls again until it gets 0.
   */
  deleteOldData(before: number, limit: number): Promise<number>;

  // Upkeep.
  /**
   * One step of packing each ended roll-up slice's users into one blob (what long windows' distinct
   * and miserable users are read from); returns whether there is more to pack, so the job calls again.
   * A no-op where the adapter counts users from the rows alone.
   */
  packUserSets(now: number): Promise<boolean>;
}
