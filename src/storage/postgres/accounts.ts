import type pg from 'pg';
import type { MemberRecord, OrganizationRecord, OrgRole, TeamRecord, UserRecord } from '../types.js';
import { inTransaction, type Row } from './database.js';
import { toMember, toOrganization, toTeam, toUser } from '../rows.js';

/** Users, organizations, memberships and teams on PostgreSQL. */
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

  async listUsers(): Promise<UserRecord[]> {
    // Case-folded byte order, as SQLite's NOCASE column sorts.
    const { rows } = await this.pool.query<Row>('SELECT * FROM users ORDER BY lower(email) COLLATE "C", id');
    return rows.map(toUser);
  }

  async updateUser(
    userId: number,
    patch: { name?: string; isSuperuser?: boolean; isActive?: boolean },
  ): Promise<void> {
    // Every column here is NOT NULL, so NULL can stand for "leave as it is".
    await this.pool.query(
      `UPDATE users SET name = coalesce($2::text, name), is_superuser = coalesce($3::boolean, is_superuser),
         is_active = coalesce($4::boolean, is_active) WHERE id = $1`,
      [userId, patch.name ?? null, patch.isSuperuser ?? null, patch.isActive ?? null],
    );
  }

  async createFirstUser(input: {
    email: string;
    name?: string;
    passwordHash: string;
  }): Promise<UserRecord | null> {
    // The usual answer once set up, without taking any lock.
    const { rows: existing } = await this.pool.query<Row>('SELECT EXISTS (SELECT 1 FROM users) AS taken');
    if (existing[0]?.taken) return null;
    return inTransaction(this.pool, async (c) => {
      // SHARE ROW EXCLUSIVE conflicts with itself and with every insert, so no user (first or not) can
      // appear between the check and the insert; the INSERT's snapshot is taken once the lock is held.
      await c.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
      const { rows } = await c.query<Row>(
        `INSERT INTO users (email, name, password_hash, is_superuser, date_joined)
         SELECT $1, $2, $3, true, $4 WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING *`,
        [input.email, input.name ?? '', input.passwordHash, Date.now()],
      );
      return rows[0] ? toUser(rows[0]) : null;
    });
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

  async listMembers(organizationId: number): Promise<MemberRecord[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT m.organization_id, m.role, m.date_added, u.* FROM org_members m JOIN users u ON u.id = m.user_id
       WHERE m.organization_id = $1 ORDER BY lower(u.email) COLLATE "C", u.id`,
      [organizationId],
    );
    return rows.map(toMember);
  }

  async removeMember(organizationId: number, userId: number): Promise<void> {
    await this.pool.query('DELETE FROM org_members WHERE organization_id = $1 AND user_id = $2', [
      organizationId,
      userId,
    ]);
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
}
