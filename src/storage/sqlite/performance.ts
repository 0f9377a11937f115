import type { JsonObject } from '../../protocol/json.js';
import type { ThresholdTable } from '../../perf/thresholds.js';
import { hourOf, unpackEventBody } from '../event-body.js';
import { collapseRollups } from '../perf-rollups.js';
import {
  ROW_ORDER,
  rollupsSql,
  slowerThanSql,
  sqliteParams,
  toSpanRow,
  toStoredTransaction,
  toTransactionRow,
  TRANSACTION_ROW_COLUMNS,
  transactionWhere,
} from '../perf-rows.js';
import type {
  SpanRow,
  StoredTransaction,
  TransactionFilter,
  TransactionRollupRow,
  TransactionRow,
  WindowOptions,
} from '../performance-types.js';
import type { Row } from '../rows.js';
import { mergeSpanRows, unpackSpanChunk } from '../span-chunk.js';
import { stmt, type Db } from './database.js';
import { windowUsers } from './user-sets.js';

/** Performance reads on SQLite. Filtered statements vary in shape, so they are prepared, not cached. */
export class SqlitePerformance {
  constructor(private readonly db: Db) {}

  count(f: TransactionFilter): number {
    if (f.projectIds.length === 0) return 0;
    const p = sqliteParams();
    const sql = `SELECT count(*) AS n FROM transactions WHERE ${transactionWhere(f, p, 'rows')}`;
    return Number((this.db.prepare(sql).get(...p.args) as Row).n);
  }

  rows(f: TransactionFilter, limit: number, order: keyof typeof ROW_ORDER): TransactionRow[] {
    if (f.projectIds.length === 0) return [];
    const p = sqliteParams();
    const sql = `SELECT ${TRANSACTION_ROW_COLUMNS} FROM transactions WHERE ${transactionWhere(f, p, 'rows')}
      ORDER BY ${ROW_ORDER[order]} LIMIT ${p.arg(limit)}`;
    return (this.db.prepare(sql).all(...p.args) as Row[]).map(toTransactionRow);
  }

  rollups(f: TransactionFilter, opts: WindowOptions = {}): TransactionRollupRow[] {
    if (f.projectIds.length === 0) return [];
    const p = sqliteParams();
    // With `days`, totals over the window: one row per (project, name).
    return collapseRollups(
      this.db.prepare(rollupsSql(f, p, opts)).all(...p.args) as Row[],
      opts.days ? hourOf(f.since) : undefined,
    );
  }

  users(
    f: TransactionFilter,
    slower: number | ThresholdTable,
    opts: WindowOptions = {},
  ): Array<{ projectId: number; name: string; users: number; slowUsers: number }> {
    if (f.projectIds.length === 0) return [];
    return windowUsers(this.db, f, slower, opts);
  }

  userSeries(
    f: TransactionFilter,
    slower: number | ThresholdTable,
    bucketMs: number,
  ): Array<{ projectId: number; bucket: number; users: number; slowUsers: number }> {
    if (f.projectIds.length === 0) return [];
    const p = sqliteParams();
    // `?` placeholders bind in the order they appear: the bucket size first.
    const size = p.arg(Math.round(bucketMs));
    const slow = slowerThanSql(slower, p);
    const sql = `SELECT hour - hour % ${size} AS bucket, project_id, count(DISTINCT user_key) AS users,
        count(DISTINCT CASE WHEN ${slow} THEN user_key END) AS slow
      FROM transaction_users WHERE ${transactionWhere(f, p, 'hours')}
      GROUP BY project_id, bucket ORDER BY project_id, bucket`;
    return (this.db.prepare(sql).all(...p.args) as Row[]).map((r) => ({
      projectId: Number(r.project_id),
      bucket: Number(r.bucket),
      users: Number(r.users),
      slowUsers: Number(r.slow),
    }));
  }

  get(projectId: number, eventId: string): StoredTransaction | null {
    const row = stmt(this.db, 'SELECT * FROM transactions WHERE project_id = ? AND event_id = ?').get(
      projectId,
      eventId,
    ) as Row | undefined;
    return row ? toStoredTransaction(row) : null;
  }

  spans(projectId: number, transactionEventId: string): SpanRow[] {
    // Rows of the per-span table written before span chunks (migration 6) come first: they are older.
    const rows = (
      stmt(this.db, 'SELECT * FROM spans WHERE project_id = ? AND transaction_event_id = ?').all(
        projectId,
        transactionEventId,
      ) as Row[]
    ).map(toSpanRow);
    const chunks = stmt(
      this.db,
      'SELECT body FROM span_chunks WHERE project_id = ? AND transaction_event_id = ? ORDER BY id',
    ).all(projectId, transactionEventId) as Row[];
    const key = { projectId, transactionEventId };
    return mergeSpanRows([rows, ...chunks.map((c) => unpackSpanChunk(key, c.body as Buffer))]);
  }

  traceTransactions(traceId: string, projectIds: number[]): TransactionRow[] {
    if (projectIds.length === 0) return [];
    const p = sqliteParams();
    const sql = `SELECT ${TRANSACTION_ROW_COLUMNS} FROM transactions
      WHERE trace_id = ${p.arg(traceId)} AND ${p.oneOf('project_id', projectIds, 'int')}
      ORDER BY start_ts, event_id`;
    return (this.db.prepare(sql).all(...p.args) as Row[]).map(toTransactionRow);
  }

  traceErrors(
    traceId: string,
    projectIds: number[],
  ): Array<{ eventId: string; projectId: number; issueId: number; timestamp: number; data: JsonObject }> {
    if (projectIds.length === 0) return [];
    const p = sqliteParams();
    const sql = `SELECT event_id, project_id, issue_id, timestamp, body FROM events
      WHERE trace_id = ${p.arg(traceId)} AND ${p.oneOf('project_id', projectIds, 'int')}
      ORDER BY timestamp, id`;
    return (this.db.prepare(sql).all(...p.args) as Row[]).map((r) => ({
      eventId: String(r.event_id),
      projectId: Number(r.project_id),
      issueId: Number(r.issue_id),
      timestamp: Number(r.timestamp),
      data: unpackEventBody(r.body as Buffer),
    }));
  }
}
