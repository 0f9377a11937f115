import type pg from 'pg';
import type { JsonObject } from '../../protocol/json.js';
import type { ThresholdTable } from '../../perf/thresholds.js';
import { hourOf, unpackEventBody } from '../event-body.js';
import { collapseRollups } from '../perf-rollups.js';
import {
  pgParams,
  ROW_ORDER,
  rollupsSql,
  slowerThanSql,
  toSpanRow,
  toStoredTransaction,
  toTransactionRow,
  TRANSACTION_ROW_COLUMNS,
  transactionWhere,
  usersSource,
} from '../perf-rows.js';
import type {
  SpanRow,
  StoredTransaction,
  TransactionFilter,
  TransactionRollupRow,
  TransactionRow,
  WindowOptions,
} from '../performance-types.js';
import { mergeSpanRows, unpackSpanChunk } from '../span-chunk.js';
import type { Row } from './database.js';

/**
 * Performance reads on PostgreSQL. Transactions are unique per receive time, so an SDK that re-sent one
 * later has two rows: single reads take the first received; span lists hold each span once.
 */
export class PostgresPerformance {
  constructor(private readonly pool: pg.Pool) {}

  async count(f: TransactionFilter): Promise<number> {
    if (f.projectIds.length === 0) return 0;
    const p = pgParams();
    const { rows } = await this.pool.query<Row>(
      `SELECT count(*) AS n FROM transactions WHERE ${transactionWhere(f, p, 'rows')}`,
      p.args,
    );
    return Number(rows[0]?.n ?? 0);
  }

  async rows(f: TransactionFilter, limit: number, order: keyof typeof ROW_ORDER): Promise<TransactionRow[]> {
    if (f.projectIds.length === 0) return [];
    const p = pgParams();
    const sql = `SELECT ${TRANSACTION_ROW_COLUMNS} FROM transactions WHERE ${transactionWhere(f, p, 'rows')}
      ORDER BY ${ROW_ORDER[order]} LIMIT ${p.arg(limit)}`;
    return (await this.pool.query<Row>(sql, p.args)).rows.map(toTransactionRow);
  }

  async rollups(f: TransactionFilter, opts: WindowOptions = {}): Promise<TransactionRollupRow[]> {
    if (f.projectIds.length === 0) return [];
    const p = pgParams();
    // With `days`, totals over the window: one row per (project, name).
    return collapseRollups(
      (await this.pool.query<Row>(rollupsSql(f, p, opts), p.args)).rows,
      opts.days ? hourOf(f.since) : undefined,
    );
  }

  async users(
    f: TransactionFilter,
    slower: number | ThresholdTable,
    opts: WindowOptions = {},
  ): Promise<Array<{ projectId: number; name: string; users: number; slowUsers: number }>> {
    if (f.projectIds.length === 0) return [];
    const p = pgParams();
    const slow = slowerThanSql(slower, p);
    const from = usersSource(f, p, opts);
    const sql = `SELECT project_id, name, count(DISTINCT user_key) AS users,
        count(DISTINCT user_key) FILTER (WHERE ${slow}) AS slow
      FROM ${from}
      GROUP BY project_id, name ORDER BY project_id, name`;
    return (await this.pool.query<Row>(sql, p.args)).rows.map((r) => ({
      projectId: Number(r.project_id),
      name: String(r.name),
      users: Number(r.users),
      slowUsers: Number(r.slow),
    }));
  }

  async userSeries(
    f: TransactionFilter,
    slower: number | ThresholdTable,
    bucketMs: number,
  ): Promise<Array<{ projectId: number; bucket: number; users: number; slowUsers: number }>> {
    if (f.projectIds.length === 0) return [];
    const p = pgParams();
    const size = p.arg(Math.round(bucketMs));
    const slow = slowerThanSql(slower, p);
    const sql = `SELECT hour - hour % ${size}::bigint AS bucket, project_id, count(DISTINCT user_key) AS users,
        count(DISTINCT user_key) FILTER (WHERE ${slow}) AS slow
      FROM transaction_users WHERE ${transactionWhere(f, p, 'hours')}
      GROUP BY project_id, bucket ORDER BY project_id, bucket`;
    return (await this.pool.query<Row>(sql, p.args)).rows.map((r) => ({
      projectId: Number(r.project_id),
      bucket: Number(r.bucket),
      users: Number(r.users),
      slowUsers: Number(r.slow),
    }));
  }

  async get(projectId: number, eventId: string): Promise<StoredTransaction | null> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM transactions WHERE project_id = $1 AND event_id = $2 ORDER BY received_at LIMIT 1',
      [projectId, eventId],
    );
    return rows[0] ? toStoredTransaction(rows[0]) : null;
  }

  async spans(projectId: number, transactionEventId: string): Promise<SpanRow[]> {
    // Per-span rows of before span chunks (migration 7) first, then chunks, each by time received: of
    // two deliveries of a span, the first received is the one listed.
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM spans WHERE project_id = $1 AND transaction_event_id = $2 ORDER BY received_at',
      [projectId, transactionEventId],
    );
    const { rows: chunks } = await this.pool.query<Row>(
      `SELECT body FROM span_chunks WHERE project_id = $1 AND transaction_event_id = $2
       ORDER BY received_at, chunk_key`,
      [projectId, transactionEventId],
    );
    const key = { projectId, transactionEventId };
    return mergeSpanRows([rows.map(toSpanRow), ...chunks.map((c) => unpackSpanChunk(key, c.body as Buffer))]);
  }

  async traceTransactions(traceId: string, projectIds: number[]): Promise<TransactionRow[]> {
    if (projectIds.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      `SELECT ${TRANSACTION_ROW_COLUMNS} FROM transactions WHERE trace_id = $1 AND project_id = ANY($2::int[])
       ORDER BY start_ts, event_id`,
      [traceId, projectIds],
    );
    return rows.map(toTransactionRow);
  }

  async traceErrors(
    traceId: string,
    projectIds: number[],
  ): Promise<
    Array<{ eventId: string; projectId: number; issueId: number; timestamp: number; data: JsonObject }>
  > {
    if (projectIds.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      `SELECT event_id, project_id, issue_id, timestamp, body FROM events
       WHERE trace_id = $1 AND project_id = ANY($2::int[]) ORDER BY timestamp, id`,
      [traceId, projectIds],
    );
    return rows.map((r) => ({
      eventId: String(r.event_id),
      projectId: Number(r.project_id),
      issueId: Number(r.issue_id),
      timestamp: Number(r.timestamp),
      data: unpackEventBody(r.body as Buffer),
    }));
  }
}
