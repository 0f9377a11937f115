import { toThresholdOverride, type Row } from '../rows.js';
import type { ThresholdInput, ThresholdOverrideRecord } from '../threshold-types.js';
import { stmt, type Db } from './database.js';

/** Transaction thresholds on SQLite: the project's on its row, overrides in their own table. */
export class SqliteThresholds {
  constructor(private readonly db: Db) {}

  setProjectThreshold(projectId: number, value: ThresholdInput | null): void {
    if (value === null) {
      stmt(
        this.db,
        `UPDATE projects SET apdex_threshold_ms = NULL, apdex_metric = NULL, apdex_edited_by = NULL,
           apdex_date_added = NULL, apdex_date_updated = NULL WHERE id = ?`,
      ).run(projectId);
      return;
    }
    const now = Date.now();
    stmt(
      this.db,
      `UPDATE projects SET apdex_threshold_ms = ?, apdex_metric = ?, apdex_edited_by = ?,
         apdex_date_added = coalesce(apdex_date_added, ?), apdex_date_updated = ? WHERE id = ?`,
    ).run(value.thresholdMs, value.metric, value.editedBy, now, now, projectId);
  }

  listOverrides(projectIds: number[], names?: string[]): ThresholdOverrideRecord[] {
    if (projectIds.length === 0 || names?.length === 0) return [];
    const args: unknown[] = [...projectIds];
    let sql = `SELECT * FROM transaction_threshold_overrides
      WHERE project_id IN (${projectIds.map(() => '?').join(',')})`;
    if (names) {
      sql += ` AND name IN (${names.map(() => '?').join(',')})`;
      args.push(...names);
    }
    sql += ' ORDER BY project_id, name';
    return (this.db.prepare(sql).all(...args) as Row[]).map(toThresholdOverride);
  }

  saveOverride(
    projectId: number,
    transaction: string,
    value: ThresholdInput,
    limit: number,
  ): { override: ThresholdOverrideRecord; created: boolean } | null {
    // One IMMEDIATE transaction: the count and the insert see the same rows, whoever else writes.
    return this.db
      .transaction(() => {
        if (!stmt(this.db, 'SELECT 1 FROM projects WHERE id = ?').get(projectId)) return null;
        const known = stmt(
          this.db,
          'SELECT 1 FROM transaction_threshold_overrides WHERE project_id = ? AND name = ?',
        ).get(projectId, transaction);
        if (!known) {
          const others = stmt(
            this.db,
            'SELECT count(*) AS n FROM transaction_threshold_overrides WHERE project_id = ?',
          ).get(projectId) as Row;
          if (Number(others.n) >= limit) return null;
        }
        const now = Date.now();
        const row = stmt(
          this.db,
          `INSERT INTO transaction_threshold_overrides
             (project_id, name, threshold_ms, metric, edited_by, date_added, date_updated)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (project_id, name) DO UPDATE SET threshold_ms = excluded.threshold_ms,
             metric = excluded.metric, edited_by = excluded.edited_by, date_updated = excluded.date_updated
           RETURNING *`,
        ).get(projectId, transaction, value.thresholdMs, value.metric, value.editedBy, now, now) as Row;
        return { override: toThresholdOverride(row), created: !known };
      })
      .immediate();
  }

  deleteOverride(projectId: number, transaction: string): boolean {
    return (
      stmt(this.db, 'DELETE FROM transaction_threshold_overrides WHERE project_id = ? AND name = ?').run(
        projectId,
        transaction,
      ).changes > 0
    );
  }
}
