import type pg from 'pg';
import { newKeyPair } from '../keys.js';
import type { ActiveKey, KeyRateLimit, ProjectKeyRecord, ProjectRecord } from '../types.js';
import { inTransaction, withRetry, type Row } from './database.js';
import { toActiveKey, toProject, toProjectKey } from '../rows.js';

/** Performance tables, all keyed by project first (no foreign keys: they would cost on every insert). */
const PERFORMANCE_TABLES = [
  'transactions',
  'span_chunks',
  'spans',
  'transaction_rollups',
  'transaction_users',
  'transaction_rollups_day',
  'transaction_users_day',
  'pending_measurements',
];

/** Projects and their DSN keys on PostgreSQL. */
export class PostgresProjects {
  constructor(private readonly pool: pg.Pool) {}

  async createProject(input: {
    organizationId: number;
    teamId: number | null;
    slug: string;
    name: string;
    platform: string | null;
  }): Promise<ProjectRecord> {
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO projects (organization_id, team_id, slug, name, platform, date_created)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [input.organizationId, input.teamId, input.slug, input.name, input.platform, Date.now()],
    );
    return toProject(rows[0]!);
  }

  async getProject(organizationId: number, slugOrId: string): Promise<ProjectRecord | null> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM projects WHERE organization_id = $1 AND (slug = $2 OR id::text = $2)',
      [organizationId, slugOrId],
    );
    return rows[0] ? toProject(rows[0]) : null;
  }

  async getProjectById(id: number): Promise<ProjectRecord | null> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM projects WHERE id = $1', [id]);
    return rows[0] ? toProject(rows[0]) : null;
  }

  async listProjects(organizationId: number): Promise<ProjectRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM projects WHERE organization_id = $1 ORDER BY slug',
      [organizationId],
    );
    return rows.map(toProject);
  }

  async updateProject(
    id: number,
    patch: {
      name?: string;
      slug?: string;
      platform?: string | null;
      teamId?: number | null;
    },
  ): Promise<void> {
    // platform and team_id may be set to NULL, so the SET list is built from the fields given.
    const columns: Array<[string, unknown]> = [
      ['name', patch.name],
      ['slug', patch.slug],
      ['platform', patch.platform],
      ['team_id', patch.teamId],
    ];
    const given = columns.filter(([, v]) => v !== undefined);
    if (given.length === 0) return;
    await this.pool.query(
      `UPDATE projects SET ${given.map(([c], i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
      [id, ...given.map(([, v]) => v)],
    );
  }

  /**
   * Deletes a project and everything stored for it, safe against digest batches writing to it at the
   * same moment. The project row is locked first (a batch creating issues locks it too, and inserting an
   * issue needs it), then the project's issues in id order, as the digest locks them: batches already
   * writing to them finish first, and their events are then seen and deleted. A batch arriving later
   * finds the issues or the project gone and fails, so nothing is left behind. A deadlock with another
   * writer rolls back and is retried.
   */
  async deleteProject(id: number): Promise<void> {
    await withRetry(() =>
      inTransaction(this.pool, async (c) => {
        const { rows } = await c.query('SELECT id FROM projects WHERE id = $1 FOR UPDATE', [id]);
        if (rows.length === 0) return;
        const { rows: issues } = await c.query<Row>(
          'SELECT id FROM issues WHERE project_id = $1 ORDER BY id FOR UPDATE',
          [id],
        );
        // Events carry no foreign key: by issue first (an index scan in every day partition), then any
        // left over by their id claims, which also tell their partition.
        await c.query('DELETE FROM events WHERE issue_id = ANY($1::bigint[])', [issues.map((r) => r.id)]);
        await c.query(
          `WITH claims AS (DELETE FROM event_ids WHERE project_id = $1 RETURNING event_id, received_at)
           DELETE FROM events e USING claims c
           WHERE e.project_id = $1 AND e.event_id = c.event_id AND e.received_at = c.received_at`,
          [id],
        );
        await c.query('DELETE FROM attachments WHERE project_id = $1', [id]);
        await c.query('DELETE FROM replay_segments WHERE project_id = $1', [id]);
        await c.query('DELETE FROM replays WHERE project_id = $1', [id]);
        // Performance rows: a digest batch holds the project row (KEY SHARE) while it writes them, so
        // none is in flight now, and a later batch finds the project gone.
        for (const table of PERFORMANCE_TABLES)
          await c.query(`DELETE FROM ${table} WHERE project_id = $1`, [id]);
        // Cascades take the issues' hashes, tags, users and hourly counts, and the project's keys.
        await c.query('DELETE FROM issues WHERE project_id = $1', [id]);
        await c.query('DELETE FROM projects WHERE id = $1', [id]);
      }),
    );
  }

  async createProjectKey(projectId: number, label: string): Promise<ProjectKeyRecord> {
    const { publicKey, secretKey } = newKeyPair();
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO project_keys (project_id, public_key, secret_key, label, date_created)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [projectId, publicKey, secretKey, label, Date.now()],
    );
    return toProjectKey(rows[0]!);
  }

  async listProjectKeys(projectId: number): Promise<ProjectKeyRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM project_keys WHERE project_id = $1 ORDER BY id',
      [projectId],
    );
    return rows.map(toProjectKey);
  }

  async updateProjectKey(
    projectId: number,
    publicKey: string,
    patch: { label?: string; isActive?: boolean; rateLimit?: KeyRateLimit | null },
  ): Promise<boolean> {
    // $5 says whether the rate limit is being set at all: null must be able to clear it.
    const { rowCount } = await this.pool.query(
      `UPDATE project_keys SET label = coalesce($3::text, label), is_active = coalesce($4::boolean, is_active),
         rate_limit_count = CASE WHEN $5::boolean THEN $6::integer ELSE rate_limit_count END,
         rate_limit_window = CASE WHEN $5::boolean THEN $7::integer ELSE rate_limit_window END
       WHERE project_id = $1 AND public_key = $2`,
      [
        projectId,
        publicKey,
        patch.label ?? null,
        patch.isActive ?? null,
        patch.rateLimit !== undefined,
        patch.rateLimit?.count ?? null,
        patch.rateLimit?.window ?? null,
      ],
    );
    return (rowCount ?? 0) > 0;
  }

  async deleteProjectKey(projectId: number, publicKey: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM project_keys WHERE project_id = $1 AND public_key = $2',
      [projectId, publicKey],
    );
    return (rowCount ?? 0) > 0;
  }

  async listActiveKeys(): Promise<ActiveKey[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT public_key, project_id, rate_limit_count, rate_limit_window
       FROM project_keys WHERE is_active`,
    );
    return rows.map(toActiveKey);
  }
}
