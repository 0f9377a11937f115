import type { JsonObject } from '../../protocol/json.js';
import type { ThresholdTable } from '../../perf/thresholds.js';
import { unpackEventBody } from '../event-body.js';
import { collapseRollups } from '../perf-rollups.js';
import {
  ROW_ORDER,
  sliceWhere,
  slowerThanSql,
  sqliteParams,
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
import { splitWindow } from '../perf-window.js';
import type { Row } from '../rows.js';
import { mergeSpanRows, unpackSpanChunk } from '../span-chunk.js';
import { stmt, type Db } from './database.js';

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
    const { hours, days } = opts.days ? splitWindow(f.since, f.until) : { hours: [], days: null };
    if (!days) {
      const p = sqliteParams();
      const sql = `SELECT * FROM transaction_rollups WHERE ${transactionWhere(f, p, 'hours')}`;
      return collapseRollups(this.db.prepare(sql).all(...p.args) as Row[]);
    }
    const p = sqliteParams();
    // Day rows stand in the result for their day, keyed by its start like an hour.
    const parts = [
      `SELECT project_id, name, day AS hour, count, failures, sum_duration_ms, durations, vitals
       FROM transaction_rollups_day WHERE ${sliceWhere(f, p, 'day', ...days)}`,
      ...hours.map(
        ([from, to]) => `SELECT project_id, name, hour, count, failures, sum_duration_ms, durations, vitals
          FROM transaction_rollups WHERE ${sliceWhere(f, p, 'hour', from, to)}`,
      ),
    ];
    return collapseRollups(this.db.prepare(parts.join(' UNION ALL ')).all(...p.args) as Row[]);
  }

  users(
    f: TransactionFilter,
    slower: number | ThresholdTable,
    opts: WindowOptions = {},
  ): Array<{ projectId: number; name: string; users: number; slowUsers: number }> {
    if (f.projectIds.length === 0) return [];
    const p = sqliteParams();
    const slow = slowerThanSql(slower, p);
    const from = usersSource(f, p, opts);
    const sql = `SELECT project_id, name, count(DISTINCT user_key) AS users,
        count(DISTINCT CASE WHEN ${slow} THEN user_key END) AS slow
      FROM ${from}
      GROUP BY project_id, name ORDER BY project_id, name`;
    return (this.db.prepare(sql).all(...p.args) as Row[]).map((r) => ({
      projectId: Number(r.project_id),
      name: String(r.name),
      users: Number(r.users),
      slowUsers: Number(r.slow),
    }));
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
