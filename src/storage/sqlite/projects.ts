import { newKeyPair } from '../keys.js';
import type { ProjectKeyRecord, ProjectRecord } from '../types.js';
import { stmt, type Db } from './database.js';
import { toProject, toProjectKey, type Row } from '../rows.js';

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

  listActiveKeys(): Array<{ publicKey: string; projectId: number }> {
    const rows = stmt(
      this.db,
      'SELECT public_key, project_id FROM project_keys WHERE is_active = 1',
    ).all() as Row[];
    return rows.map((r) => ({ publicKey: String(r.public_key), projectId: Number(r.project_id) }));
  }
}
