import { newKeyPair } from '../keys.js';
import type { ActiveKey, KeyRateLimit, ProjectKeyRecord, ProjectRecord } from '../types.js';
import { stmt, type Db } from './database.js';
import { toActiveKey, toProject, toProjectKey, type Row } from '../rows.js';

/** Performance tables, all keyed by project first (no foreign keys: they would cost on every insert). */
const PERFORMANCE_TABLES = [
  'transactions',
  'span_chunks',
  'spans',
  'transaction_rollups',
  'transaction_users',
  'transaction_rollups_day',
  'transaction_users_day',
  'transaction_user_sets',
  'transaction_user_sets_day',
  'pending_measurements',
];

/** Projects and their DSN keys on SQLite. */
export class SqliteProjects {
  constructor(private readonly db: Db) {}

  createProject(input: {
    organizationId: number;
    teamId: number | null;
    slug: string;
    name: string;
    platform: string | null;
  }): ProjectRecord {
    const row = stmt(
      this.db,
      `INSERT INTO projects (organization_id, team_id, slug, name, platform, date_created)
       VALUES (?, ?, ?, ?, ?, ?) RETURNING *`,
    ).get(input.organizationId, input.teamId, input.slug, input.name, input.platform, Date.now()) as Row;
    return toProject(row);
  }

  getProject(organizationId: number, slugOrId: string): ProjectRecord | null {
    const row = stmt(
      this.db,
      'SELECT * FROM projects WHERE organization_id = ? AND (slug = ? OR CAST(id AS TEXT) = ?)',
    ).get(organizationId, slugOrId, slugOrId) as Row | undefined;
    return row ? toProject(row) : null;
  }

  getProjectById(id: number): ProjectRecord | null {
    const row = stmt(this.db, 'SELECT * FROM projects WHERE id = ?').get(id) as Row | undefined;
    return row ? toProject(row) : null;
  }

  listProjects(organizationId: number): ProjectRecord[] {
    return (
      stmt(this.db, 'SELECT * FROM projects WHERE organization_id = ? ORDER BY slug').all(
        organizationId,
      ) as Row[]
    ).map(toProject);
  }

  updateProject(
    id: number,
    patch: {
      name?: string;
      slug?: string;
      platform?: string | null;
      teamId?: number | null;
    },
  ): void {
    // platform and team_id may be set to NULL, so the SET list is built from the fields given.
    const columns: Array<[string, unknown]> = [
      ['name', patch.name],
      ['slug', patch.slug],
      ['platform', patch.platform],
      ['team_id', patch.teamId],
    ];
    const given = columns.filter(([, v]) => v !== undefined);
    if (given.length === 0) return;
    // At most 15 shapes, so the statement cache stays small.
    stmt(this.db, `UPDATE projects SET ${given.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
      ...given.map(([, v]) => v),
      id,
    );
  }

  deleteProject(id: number): void {
    this.db
      .transaction(() => {
        // Events, attachments, replays and performance rows carry no foreign key, so they go explicitly; deleting the issues
        // cascades to their hashes, tags, users and hourly counts, and the project to its keys.
        stmt(this.db, 'DELETE FROM attachments WHERE project_id = ?').run(id);
        stmt(this.db, 'DELETE FROM replay_segments WHERE project_id = ?').run(id);
        stmt(this.db, 'DELETE FROM replays WHERE project_id = ?').run(id);
        stmt(this.db, 'DELETE FROM events WHERE project_id = ?').run(id);
        for (const table of PERFORMANCE_TABLES)
          stmt(this.db, `DELETE FROM ${table} WHERE project_id = ?`).run(id);
        stmt(this.db, 'DELETE FROM issues WHERE project_id = ?').run(id);
        stmt(this.db, 'DELETE FROM projects WHERE id = ?').run(id);
      })
      .immediate();
  }

  createProjectKey(projectId: number, label: string): ProjectKeyRecord {
    const { publicKey, secretKey } = newKeyPair();
    const row = stmt(
      this.db,
      `INSERT INTO project_keys (project_id, public_key, secret_key, label, date_created)
       VALUES (?, ?, ?, ?, ?) RETURNING *`,
    ).get(projectId, publicKey, secretKey, label, Date.now()) as Row;
    return toProjectKey(row);
  }

  listProjectKeys(projectId: number): ProjectKeyRecord[] {
    return (
      stmt(this.db, 'SELECT * FROM project_keys WHERE project_id = ? ORDER BY id').all(projectId) as Row[]
    ).map(toProjectKey);
  }

  updateProjectKey(
    projectId: number,
    publicKey: string,
    patch: { label?: string; isActive?: boolean; rateLimit?: KeyRateLimit | null },
  ): boolean {
    const active = patch.isActive === undefined ? null : patch.isActive ? 1 : 0;
    // The first parameter says whether the rate limit is being set at all: null must be able to clear it.
    const setLimit = patch.rateLimit === undefined ? 0 : 1;
    return (
      stmt(
        this.db,
        `UPDATE project_keys SET label = coalesce(?, label), is_active = coalesce(?, is_active),
           rate_limit_count = CASE WHEN ? THEN ? ELSE rate_limit_count END,
           rate_limit_window = CASE WHEN ? THEN ? ELSE rate_limit_window END
         WHERE project_id = ? AND public_key = ?`,
      ).run(
        patch.label ?? null,
        active,
        setLimit,
        patch.rateLimit?.count ?? null,
        setLimit,
        patch.rateLimit?.window ?? null,
        projectId,
        publicKey,
      ).changes > 0
    );
  }

  deleteProjectKey(projectId: number, publicKey: string): boolean {
    return (
      stmt(this.db, 'DELETE FROM project_keys WHERE project_id = ? AND public_key = ?').run(
        projectId,
        publicKey,
      ).changes > 0
    );
  }

  listActiveKeys(): ActiveKey[] {
    const rows = stmt(
      this.db,
      `SELECT public_key, project_id, rate_limit_count, rate_limit_window
       FROM project_keys WHERE is_active = 1`,
    ).all() as Row[];
    return rows.map(toActiveKey);
  }
}
