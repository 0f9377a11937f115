import type pg from 'pg';
import type { EventForStorage } from '../../digest/event/processed-event.js';
import type { JsonObject } from '../../protocol/json.js';
import type { ThresholdTable } from '../../perf/thresholds.js';
import type { ThresholdInput, ThresholdOverrideRecord } from '../threshold-types.js';
import type {
  SaveTransactionsResult,
  SpanRow,
  StoredTransaction,
  TransactionBatch,
  TransactionFilter,
  TransactionRollupRow,
  WindowOptions,
  TransactionRow,
} from '../performance-types.js';
import type { IssuePatch, Storage } from '../storage.js';
import type {
  ActiveKey,
  ApiTokenRecord,
  AttachmentRecord,
  EventRecord,
  IssueQuery,
  IssueRecord,
  MemberRecord,
  OrganizationRecord,
  OrgRole,
  OutcomeRow,
  ProjectKeyRecord,
  ProjectRecord,
  SaveEventsResult,
  SessionRecord,
  TagSummary,
  TagValueRecord,
  TeamRecord,
  UserRecord,
} from '../types.js';
import { PostgresAccounts } from './accounts.js';
import { PostgresAttachments } from './attachments.js';
import { PostgresReplays } from './replays.js';
import type { ReplayQuery, ReplayRecord, ReplaySegmentInput, ReplaySegmentRecord } from '../replay-types.js';
import { PostgresCredentials } from './credentials.js';
import { openPool, type Row } from './database.js';
import { PostgresEvents } from './events.js';
import { PostgresIssues } from './issues.js';
import {
  migratePostgres,
  newerSchemaError,
  POSTGRES_SCHEMA_VERSION,
  readSchemaVersion,
} from './migrations.js';
import { DayPartitions } from './partitions.js';
import { PostgresPerformance } from './performance.js';
import { PostgresProjects } from './projects.js';
import { PostgresThresholds } from './thresholds.js';
import { deleteOldDataPostgres } from './retention.js';
import { saveErrorEventsPostgres } from './save-events.js';
import { saveTransactionsPostgres } from './save-transactions.js';

/**
 * The scale-out adapter: one PostgreSQL database shared by any number of ingest and digest processes
 * and one jobs process. Every write path is safe against the same write from another process at the
 * same moment (see save-events.ts); events live in daily partitions so retention is cheap.
 */
export class PostgresStorage implements Storage {
  readonly dialect = 'postgres' as const;
  /** The shared pool; the spool, blob store and job locks of the same process use it too. */
  readonly pool: pg.Pool;
  /** The daily partitions of `events`. */
  readonly partitions: DayPartitions;
  /** The daily partitions of `transactions`. */
  readonly transactionPartitions: DayPartitions;
  /** The daily partitions of `span_chunks`. */
  readonly spanChunkPartitions: DayPartitions;
  /** The daily partitions of `spans`, the per-span rows of before span chunks (only dropped now). */
  readonly legacySpanPartitions: DayPartitions;
  private readonly accounts: PostgresAccounts;
  private readonly credentials: PostgresCredentials;
  private readonly projects: PostgresProjects;
  private readonly thresholds: PostgresThresholds;
  private readonly issues: PostgresIssues;
  private readonly events: PostgresEvents;
  private readonly attachments: PostgresAttachments;
  private readonly replays: PostgresReplays;
  private readonly performance: PostgresPerformance;

  private constructor(pool: pg.Pool) {
    this.pool = pool;
    this.partitions = new DayPartitions(pool, 'events');
    this.transactionPartitions = new DayPartitions(pool, 'transactions');
    this.spanChunkPartitions = new DayPartitions(pool, 'span_chunks');
    this.legacySpanPartitions = new DayPartitions(pool, 'spans');
    this.accounts = new PostgresAccounts(pool);
    this.credentials = new PostgresCredentials(pool);
    this.projects = new PostgresProjects(pool);
    this.thresholds = new PostgresThresholds(pool);
    this.issues = new PostgresIssues(pool);
    this.events = new PostgresEvents(pool);
    this.attachments = new PostgresAttachments(pool);
    this.replays = new PostgresReplays(pool);
    this.performance = new PostgresPerformance(pool);
  }

  /**
   * Connects (and, unless told not to, migrates). Without migrating, a schema newer than this build is
   * still refused; an older one is left for the process that migrates (the main process, or
   * `faultline migrate`), and partitions are only prepared once the schema is current.
   */
  static async open(
    url: string,
    options: { migrate?: boolean; poolSize?: number } = {},
  ): Promise<PostgresStorage> {
    const pool = openPool(url, options.poolSize === undefined ? {} : { poolSize: options.poolSize });
    try {
      let version: number;
      if (options.migrate !== false) version = (await migratePostgres(pool)).to;
      else {
        version = await readSchemaVersion(pool);
        if (version > POSTGRES_SCHEMA_VERSION) throw newerSchemaError(version);
      }
      const storage = new PostgresStorage(pool);
      if (version === POSTGRES_SCHEMA_VERSION) {
        for (const p of [storage.partitions, storage.transactionPartitions, storage.spanChunkPartitions])
          await p.ensureAround(Date.now());
      }
      return storage;
    } catch (err) {
      await pool.end();
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async getMeta(key: string): Promise<string | null> {
    const { rows } = await this.pool.query<Row>('SELECT value FROM meta WHERE key = $1', [key]);
    return rows[0] ? String(rows[0].value) : null;
  }
  async setMeta(key: string, value: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  async createUser(input: Parameters<Storage['createUser']>[0]): Promise<UserRecord> {
    return this.accounts.createUser(input);
  }
  async getUserByEmail(email: string): Promise<UserRecord | null> {
    return this.accounts.getUserByEmail(email);
  }
  async getUserById(id: number): Promise<UserRecord | null> {
    return this.accounts.getUserById(id);
  }
  async countUsers(): Promise<number> {
    return this.accounts.countUsers();
  }
  async setUserPassword(userId: number, passwordHash: string): Promise<void> {
    return this.accounts.setUserPassword(userId, passwordHash);
  }
  async listUsers(): Promise<UserRecord[]> {
    return this.accounts.listUsers();
  }
  async updateUser(userId: number, patch: Parameters<Storage['updateUser']>[1]): Promise<void> {
    return this.accounts.updateUser(userId, patch);
  }
  async createFirstUser(input: Parameters<Storage['createFirstUser']>[0]): Promise<UserRecord | null> {
    return this.accounts.createFirstUser(input);
  }

  async createSession(session: SessionRecord): Promise<void> {
    return this.credentials.createSession(session);
  }
  async findSession(
    idHash: string,
    now: number,
  ): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    return this.credentials.findSession(idHash, now);
  }
  async deleteSession(idHash: string): Promise<void> {
    return this.credentials.deleteSession(idHash);
  }
  async deleteUserSessions(userId: number): Promise<void> {
    return this.credentials.deleteUserSessions(userId);
  }
  async deleteExpiredSessions(now: number): Promise<number> {
    return this.credentials.deleteExpiredSessions(now);
  }

  async createOrganization(input: { slug: string; name: string }): Promise<OrganizationRecord> {
    return this.accounts.createOrganization(input);
  }
  async getOrganization(slugOrId: string): Promise<OrganizationRecord | null> {
    return this.accounts.getOrganization(slugOrId);
  }
  async listOrganizationsForUser(user: UserRecord): Promise<OrganizationRecord[]> {
    return this.accounts.listOrganizationsForUser(user);
  }
  async addMember(organizationId: number, userId: number, role: OrgRole): Promise<void> {
    return this.accounts.addMember(organizationId, userId, role);
  }
  async getMemberRole(organizationId: number, userId: number): Promise<OrgRole | null> {
    return this.accounts.getMemberRole(organizationId, userId);
  }
  async listMembers(organizationId: number): Promise<MemberRecord[]> {
    return this.accounts.listMembers(organizationId);
  }
  async removeMember(organizationId: number, userId: number): Promise<void> {
    return this.accounts.removeMember(organizationId, userId);
  }
  async createTeam(input: { organizationId: number; slug: string; name: string }): Promise<TeamRecord> {
    return this.accounts.createTeam(input);
  }
  async getTeam(organizationId: number, slug: string): Promise<TeamRecord | null> {
    return this.accounts.getTeam(organizationId, slug);
  }
  async listTeams(organizationId: number): Promise<TeamRecord[]> {
    return this.accounts.listTeams(organizationId);
  }
  async createApiToken(input: Parameters<Storage['createApiToken']>[0]): Promise<ApiTokenRecord> {
    return this.credentials.createApiToken(input);
  }
  async findApiToken(tokenHash: string): Promise<{ token: ApiTokenRecord; user: UserRecord } | null> {
    return this.credentials.findApiToken(tokenHash);
  }
  async listApiTokens(userId: number): Promise<ApiTokenRecord[]> {
    return this.credentials.listApiTokens(userId);
  }
  async deleteApiToken(userId: number, tokenId: number): Promise<boolean> {
    return this.credentials.deleteApiToken(userId, tokenId);
  }

  async createProject(input: Parameters<Storage['createProject']>[0]): Promise<ProjectRecord> {
    return this.projects.createProject(input);
  }
  async getProject(organizationId: number, slugOrId: string): Promise<ProjectRecord | null> {
    return this.projects.getProject(organizationId, slugOrId);
  }
  async getProjectById(id: number): Promise<ProjectRecord | null> {
    return this.projects.getProjectById(id);
  }
  async listProjects(organizationId: number): Promise<ProjectRecord[]> {
    return this.projects.listProjects(organizationId);
  }
  async updateProject(id: number, patch: Parameters<Storage['updateProject']>[1]): Promise<void> {
    return this.projects.updateProject(id, patch);
  }
  async deleteProject(id: number): Promise<void> {
    return this.projects.deleteProject(id);
  }
  async setProjectThreshold(projectId: number, value: ThresholdInput | null): Promise<void> {
    return this.thresholds.setProjectThreshold(projectId, value);
  }
  async listThresholdOverrides(projectIds: number[], names?: string[]): Promise<ThresholdOverrideRecord[]> {
    return this.thresholds.listOverrides(projectIds, names);
  }
  async saveThresholdOverride(
    projectId: number,
    transaction: string,
    value: ThresholdInput,
    limit: number,
  ): Promise<{ override: ThresholdOverrideRecord; created: boolean } | null> {
    return this.thresholds.saveOverride(projectId, transaction, value, limit);
  }
  async deleteThresholdOverride(projectId: number, transaction: string): Promise<boolean> {
    return this.thresholds.deleteOverride(projectId, transaction);
  }
  async createProjectKey(projectId: number, label: string): Promise<ProjectKeyRecord> {
    return this.projects.createProjectKey(projectId, label);
  }
  async listProjectKeys(projectId: number): Promise<ProjectKeyRecord[]> {
    return this.projects.listProjectKeys(projectId);
  }
  async updateProjectKey(
    projectId: number,
    publicKey: string,
    patch: Parameters<Storage['updateProjectKey']>[2],
  ): Promise<boolean> {
    return this.projects.updateProjectKey(projectId, publicKey, patch);
  }
  async deleteProjectKey(projectId: number, publicKey: string): Promise<boolean> {
    return this.projects.deleteProjectKey(projectId, publicKey);
  }
  async listActiveKeys(): Promise<ActiveKey[]> {
    return this.projects.listActiveKeys();
  }

  async saveErrorEvents(events: EventForStorage[]): Promise<SaveEventsResult> {
    return saveErrorEventsPostgres(this.pool, this.partitions, events);
  }

  async saveAttachments(rows: Array<Omit<AttachmentRecord, 'id'>>): Promise<void> {
    return this.attachments.save(rows);
  }
  async listEventAttachments(projectId: number, eventId: string): Promise<AttachmentRecord[]> {
    return this.attachments.listForEvent(projectId, eventId);
  }

  async listIssues(query: IssueQuery): Promise<IssueRecord[]> {
    return this.issues.list(query);
  }
  async listEnvironments(projectIds: number[]): Promise<string[]> {
    return this.issues.environments(projectIds);
  }
  async countIssues(query: IssueQuery, max: number): Promise<number> {
    return this.issues.count(query, max);
  }
  async getIssue(id: number): Promise<IssueRecord | null> {
    return this.issues.get(id);
  }
  async updateIssues(ids: number[], patch: IssuePatch): Promise<number> {
    return this.issues.update(ids, patch);
  }
  async deleteIssues(ids: number[]): Promise<number> {
    return this.issues.delete(ids);
  }
  async issueHourlyCounts(
    ids: number[],
    since: number,
    until: number,
  ): Promise<Map<number, Array<[number, number]>>> {
    return this.issues.hourlyCounts(ids, since, until);
  }
  async listIssueEvents(issueId: number, limit: number, offset: number): Promise<EventRecord[]> {
    return this.events.listForIssue(issueId, limit, offset);
  }
  async getIssueEvent(issueId: number, which: 'latest' | 'oldest'): Promise<EventRecord | null> {
    return this.events.edge(issueId, which);
  }
  async getEvent(projectId: number, eventId: string): Promise<EventRecord | null> {
    return this.events.get(projectId, eventId);
  }
  async getAdjacentEventIds(
    issueId: number,
    event: EventRecord,
  ): Promise<{ previous: string | null; next: string | null }> {
    return this.events.adjacent(issueId, event);
  }
  async listIssueTags(issueId: number, topValues: number): Promise<TagSummary[]> {
    return this.issues.tags(issueId, topValues);
  }
  async listIssueTagValues(issueId: number, key: string, limit: number): Promise<TagValueRecord[]> {
    return this.issues.tagValues(issueId, key, limit);
  }
  async listIssueHashes(issueId: number): Promise<Array<{ hash: string; config: string }>> {
    return this.issues.hashes(issueId);
  }

  async saveTransactions(batch: TransactionBatch): Promise<SaveTransactionsResult> {
    return saveTransactionsPostgres(
      this.pool,
      { transactions: this.transactionPartitions, spanChunks: this.spanChunkPartitions },
      batch,
    );
  }
  async countTransactions(filter: TransactionFilter): Promise<number> {
    return this.performance.count(filter);
  }
  async listTransactionRows(
    filter: TransactionFilter,
    limit: number,
    order: 'newest' | 'slowest' | 'fastest' = 'newest',
  ): Promise<TransactionRow[]> {
    return this.performance.rows(filter, limit, order);
  }
  async listTransactionRollups(
    filter: TransactionFilter,
    opts?: WindowOptions,
  ): Promise<TransactionRollupRow[]> {
    return this.performance.rollups(filter, opts);
  }
  async transactionUsers(
    filter: TransactionFilter,
    slower: number | ThresholdTable,
    opts?: WindowOptions,
  ): Promise<Array<{ projectId: number; name: string; users: number; slowUsers: number }>> {
    return this.performance.users(filter, slower, opts);
  }
  async transactionUserSeries(
    filter: TransactionFilter,
    slower: number | ThresholdTable,
    bucketMs: number,
  ): Promise<Array<{ projectId: number; bucket: number; users: number; slowUsers: number }>> {
    return this.performance.userSeries(filter, slower, bucketMs);
  }
  async getTransaction(projectId: number, eventId: string): Promise<StoredTransaction | null> {
    return this.performance.get(projectId, eventId);
  }
  async listTransactionSpans(projectId: number, transactionEventId: string): Promise<SpanRow[]> {
    return this.performance.spans(projectId, transactionEventId);
  }
  async listTraceTransactions(traceId: string, projectIds: number[]): Promise<TransactionRow[]> {
    return this.performance.traceTransactions(traceId, projectIds);
  }
  async listTraceErrors(
    traceId: string,
    projectIds: number[],
  ): Promise<
    Array<{ eventId: string; projectId: number; issueId: number; timestamp: number; data: JsonObject }>
  > {
    return this.performance.traceErrors(traceId, projectIds);
  }

  async addOutcomes(rows: OutcomeRow[]): Promise<void> {
    return this.events.addOutcomes(rows);
  }
  async listOutcomes(since: number, projectIds: number[] | null): Promise<OutcomeRow[]> {
    return this.events.listOutcomes(since, projectIds);
  }
  async saveReplaySegments(segments: ReplaySegmentInput[]): Promise<Map<number, number>> {
    return this.replays.save(segments);
  }
  async listReplays(query: ReplayQuery): Promise<ReplayRecord[]> {
    return this.replays.list(query);
  }
  async getReplay(projectIds: number[], replayId: string): Promise<ReplayRecord | null> {
    return this.replays.get(projectIds, replayId);
  }
  async listReplaySegments(projectId: number, replayId: string): Promise<ReplaySegmentRecord[]> {
    return this.replays.segments(projectId, replayId);
  }
  async deleteReplay(projectId: number, replayId: string): Promise<string[]> {
    return this.replays.delete(projectId, replayId);
  }

  /**
   * PostgreSQL counts a window's users from the rows (a hash aggregate, on as many cores as it is given);
   * the packed sets are SQLite's.
   */
  async packUserSets(): Promise<boolean> {
    return false;
  }

  async deleteOldData(before: number, limit: number): Promise<number> {
    const n = await deleteOldDataPostgres(
      this.pool,
      {
        events: this.partitions,
        transactions: this.transactionPartitions,
        spanChunks: this.spanChunkPartitions,
        legacySpans: this.legacySpanPartitions,
      },
      before,
      limit,
    );
    return n + (await this.replays.deleteOld(before, limit));
  }
}
