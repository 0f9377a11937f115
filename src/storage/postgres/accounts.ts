import type pg from 'pg';
import type { ApiTokenRecord, OrganizationRecord, OrgRole, TeamRecord, UserRecord } from '../types.js';
import type { Row } from './database.js';
import { toApiToken, toOrganization, toTeam, toUser } from '../rows.js';

/** Users, organizations, memberships, teams and API tokens on PostgreSQL. */
export class PostgresAccounts {
  constructor(private readonly pool: pg.Pool) {}

  async createUser(input: {
    email: string;
    name?: string;
    passwordHash: string | null;
    isSuperuser: boolean;
  }): Promise<UserRecord> {
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO users (email, name, password_hash, is_superuser, date_joined) VALUES ($1, $2, $3, $4, $5)
       RETURNING *`,
      [input.email, input.name ?? '', input.passwordHash, input.isSuperuser, Date.now()],
    );
    return toUser(rows[0]!);
  }

  async getUserByEmail(email: string): Promise<UserRecord | null> {
    // lower() on both sides matches the unique index users_email_lower (case-insensitive e-mail).
    const { rows } = await this.pool.query<Row>('SELECT * FROM users WHERE lower(email) = lower($1)', [
      email,
    ]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async getUserById(id: number): Promise<UserRecord | null> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async countUsers(): Promise<number> {
    const { rows } = await this.pool.query<Row>('SELECT count(*) AS n FROM users');
    return Number(rows[0]?.n ?? 0);
  }

  async setUserPassword(userId: number, passwordHash: string): Promise<void> {
    await this.pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, userId]);
  }

  async createOrganization(input: { slug: string; name: string }): Promise<OrganizationRecord> {
    const { rows } = await this.pool.query<Row>(
      'INSERT INTO organizations (slug, name, date_created) VALUES ($1, $2, $3) RETURNING *',
      [input.slug, input.name, Date.now()],
    );
    return toOrganization(rows[0]!);
  }

  async getOrganization(slugOrId: string): Promise<OrganizationRecord | null> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM organizations WHERE slug = $1 OR id::text = $1',
      [slugOrId],
    );
    return rows[0] ? toOrganization(rows[0]) : null;
  }

  async listOrganizationsForUser(user: UserRecord): Promise<OrganizationRecord[]> {
    const { rows } = user.isSuperuser
      ? await this.pool.query<Row>('SELECT * FROM organizations ORDER BY slug')
      : await this.pool.query<Row>(
          `SELECT o.* FROM organizations o JOIN org_members m ON m.organization_id = o.id
           WHERE m.user_id = $1 ORDER BY o.slug`,
          [user.id],
        );
    return rows.map(toOrganization);
  }

  async addMember(organizationId: number, userId: number, role: OrgRole): Promise<void> {
    await this.pool.query(
      `INSERT INTO org_members (organization_id, user_id, role, date_added) VALUES ($1, $2, $3, $4)
       ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role`,
      [organizationId, userId, role, Date.now()],
    );
  }

  async getMemberRole(organizationId: number, userId: number): Promise<OrgRole | null> {
    const { rows } = await this.pool.query<Row>(
      'SELECT role FROM org_members WHERE organization_id = $1 AND user_id = $2',
      [organizationId, userId],
    );
    return rows[0] ? (String(rows[0].role) as OrgRole) : null;
  }

  async createTeam(input: { organizationId: number; slug: string; name: string }): Promise<TeamRecord> {
    const { rows } = await this.pool.query<Row>(
      'INSERT INTO teams (organization_id, slug, name, date_created) VALUES ($1, $2, $3, $4) RETURNING *',
      [input.organizationId, input.slug, input.name, Date.now()],
    );
    return toTeam(rows[0]!);
  }

  async getTeam(organizationId: number, slug: string): Promise<TeamRecord | null> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM teams WHERE organization_id = $1 AND slug = $2',
      [organizationId, slug],
    );
    return rows[0] ? toTeam(rows[0]) : null;
  }

  async listTeams(organizationId: number): Promise<TeamRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM teams WHERE organization_id = $1 ORDER BY slug',
      [organizationId],
    );
    return rows.map(toTeam);
  }

  async createApiToken(input: {
    userId: number;
    name: string;
    tokenHash: string;
    scopes: string[];
  }): Promise<ApiTokenRecord> {
    const { rows } = await this.pool.query<Row>(
      `INSERT INTO api_tokens (user_id, name, token_hash, scopes, date_created) VALUES ($1, $2, $3, $4, $5)
       RETURNING *`,
      [input.userId, input.name, input.tokenHash, JSON.stringify(input.scopes), Date.now()],
    );
    return toApiToken(rows[0]!);
  }

  async findApiToken(tokenHash: string): Promise<{ token: ApiTokenRecord; user: UserRecord } | null> {
    const { rows } = await this.pool.query<Row>('SELECT * FROM api_tokens WHERE token_hash = $1', [
      tokenHash,
    ]);
    const row = rows[0];
    if (!row) return null;
    const user = await this.getUserById(Number(row.user_id));
    if (!user || !user.isActive) return null;
    const now = Date.now();
    // Coarse last-used stamp: one write a minute per token, not one per request.
    if (row.last_used_at === null || now - Number(row.last_used_at) > 60_000) {
      await this.pool.query('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [now, row.id]);
    }
    return { token: toApiToken(row), user };
  }
}
