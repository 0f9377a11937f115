import type pg from 'pg';
import { newKeyPair } from '../keys.js';
import type { ProjectKeyRecord, ProjectRecord } from '../types.js';
import type { Row } from './database.js';
import { toProject, toProjectKey } from '../rows.js';

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

  async listActiveKeys(): Promise<Array<{ publicKey: string; projectId: number }>> {
    const { rows } = await this.pool.query<Row>(
      'SELECT public_key, project_id FROM project_keys WHERE is_active',
    );
    return rows.map((r) => ({ publicKey: String(r.public_key), projectId: Number(r.project_id) }));
  }
}
