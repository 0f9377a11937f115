import type pg from 'pg';
import { toThresholdOverride } from '../rows.js';
import type { ThresholdInput, ThresholdOverrideRecord } from '../threshold-types.js';
import { inTransaction, type Row } from './database.js';

/** Transaction thresholds on PostgreSQL: the project's on its row, overrides in their own table. */
export class PostgresThresholds {
  constructor(private readonly pool: pg.Pool) {}

  async setProjectThreshold(projectId: number, value: ThresholdInput | null): Promise<void> {
    if (value === null) {
      await this.pool.query(
        `UPDATE projects SET apdex_threshold_ms = NULL, apdex_metric = NULL, apdex_edited_by = NULL,
           apdex_date_added = NULL, apdex_date_updated = NULL WHERE id = $1`,
        [projectId],
      );
      return;
    }
    await this.pool.query(
      `UPDATE projects SET apdex_threshold_ms = $2, apdex_metric = $3, apdex_edited_by = $4,
         apdex_date_added = coalesce(apdex_date_added, $5), apdex_date_updated = $5 WHERE id = $1`,
      [projectId, value.thresholdMs, value.metric, value.editedBy, Date.now()],
    );
  }

  async listOverrides(projectIds: number[], names?: string[]): Promise<ThresholdOverrideRecord[]> {
    if (projectIds.length === 0 || names?.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM transaction_threshold_overrides
       WHERE project_id = ANY($1::int[]) AND ($2::text[] IS NULL OR name = ANY($2::text[]))
       ORDER BY project_id, name`,
      [projectIds, names ?? null],
    );
    return rows.map(toThresholdOverride);
  }

  async saveOverride(
    projectId: number,
    transaction: string,
    value: ThresholdInput,
    limit: number,
  ): Promise<{ override: ThresholdOverrideRecord; created: boolean } | null> {
    return inTransaction(this.pool, async (c) => {
      // Serialises writers of one project's overrides, so the count below cannot be raced past the
      // limit. NO KEY UPDATE does not wait for digest batches, which hold the row FOR KEY SHARE.
      const { rows: project } = await c.query('SELECT 1 FROM projects WHERE id = $1 FOR NO KEY UPDATE', [
        projectId,
      ]);
      if (project.length === 0) return null;
      const { rows: counted } = await c.query<Row>(
        `SELECT count(*) FILTER (WHERE name <> $2) AS others, count(*) FILTER (WHERE name = $2) AS mine
         FROM transaction_threshold_overrides WHERE project_id = $1`,
        [projectId, transaction],
      );
      const known = Number(counted[0]?.mine ?? 0) > 0;
      if (!known && Number(counted[0]?.others ?? 0) >= limit) return null;
      const now = Date.now();
      const { rows } = await c.query<Row>(
        `INSERT INTO transaction_threshold_overrides
           (project_id, name, threshold_ms, metric, edited_by, date_added, date_updated)
         VALUES ($1, $2, $3, $4, $5, $6, $6)
         ON CONFLICT (project_id, name) DO UPDATE SET threshold_ms = excluded.threshold_ms,
           metric = excluded.metric, edited_by = excluded.edited_by, date_updated = excluded.date_updated
         RETURNING *`,
        [projectId, transaction, value.thresholdMs, value.metric, value.editedBy, now],
      );
      return { override: toThresholdOverride(rows[0]!), created: !known };
    });
  }

  async deleteOverride(projectId: number, transaction: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM transaction_threshold_overrides WHERE project_id = $1 AND name = $2',
      [projectId, transaction],
    );
    return (rowCount ?? 0) > 0;
  }
}
