import type { OrganizationRecord, OrgRole, TeamRecord, UserRecord, ApiTokenRecord } from '../types.js';
import { stmt, type Db } from './database.js';
import { toApiToken, toOrganization, toTeam, toUser, type Row } from '../rows.js';

/** Users, organizations, memberships, teams and API tokens on SQLite. */
export class SqliteAccounts {
  constructor(private readonly db: Db) {}

  createUser(input: {
    email: string;
    name?: string;
    passwordHash: string | null;
    isSuperuser: boolean;
  }): UserRecord {
    const row = stmt(
      this.db,
      `INSERT INTO users (email, name, password_hash, is_superuser, date_joined) VALUES (?, ?, ?, ?, ?) RETURNING *`,
    ).get(input.email, input.name ?? '', input.passwordHash, input.isSuperuser ? 1 : 0, Date.now()) as Row;
    return toUser(row);
  }

  getUserByEmail(email: string): UserRecord | null {
    const row = stmt(this.db, 'SELECT * FROM users WHERE email = ?').get(email) as Row | undefined;
    return row ? toUser(row) : null;
  }

  getUserById(id: number): UserRecord | null {
    const row = stmt(this.db, 'SELECT * FROM users WHERE id = ?').get(id) as Row | undefined;
    return row ? toUser(row) : null;
  }

  countUsers(): number {
    return Number((stmt(this.db, 'SELECT count(*) AS n FROM users').get() as Row).n);
  }

  setUserPassword(userId: number, passwordHash: string): void {
    stmt(this.db, 'UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, userId);
  }

  createOrganization(input: { slug: string; name: string }): OrganizationRecord {
    const row = stmt(
      this.db,
      'INSERT INTO organizations (slug, name, date_created) VALUES (?, ?, ?) RETURNING *',
    ).get(input.slug, input.name, Date.now()) as Row;
    return toOrganization(row);
  }

  getOrganization(slugOrId: string): OrganizationRecord | null {
    const row = stmt(this.db, 'SELECT * FROM organizations WHERE slug = ? OR CAST(id AS TEXT) = ?').get(
      slugOrId,
      slugOrId,
    ) as Row | undefined;
    return row ? toOrganization(row) : null;
  }

  listOrganizationsForUser(user: UserRecord): OrganizationRecord[] {
    const rows = user.isSuperuser
      ? stmt(this.db, 'SELECT * FROM organizations ORDER BY slug').all()
      : stmt(
          this.db,
          `SELECT o.* FROM organizations o JOIN org_members m ON m.organization_id = o.id
           WHERE m.user_id = ? ORDER BY o.slug`,
        ).all(user.id);
    return (rows as Row[]).map(toOrganization);
  }

  addMember(organizationId: number, userId: number, role: OrgRole): void {
    stmt(
      this.db,
      `INSERT INTO org_members (organization_id, user_id, role, date_added) VALUES (?, ?, ?, ?)
       ON CONFLICT (organization_id, user_id) DO UPDATE SET role = excluded.role`,
    ).run(organizationId, userId, role, Date.now());
  }

  getMemberRole(organizationId: number, userId: number): OrgRole | null {
    const row = stmt(this.db, 'SELECT role FROM org_members WHERE organization_id = ? AND user_id = ?').get(
      organizationId,
      userId,
    ) as Row | undefined;
    return row ? (String(row.role) as OrgRole) : null;
  }

  createTeam(input: { organizationId: number; slug: string; name: string }): TeamRecord {
    const row = stmt(
      this.db,
      'INSERT INTO teams (organization_id, slug, name, date_created) VALUES (?, ?, ?, ?) RETURNING *',
    ).get(input.organizationId, input.slug, input.name, Date.now()) as Row;
    return toTeam(row);
  }

  getTeam(organizationId: number, slug: string): TeamRecord | null {
    const row = stmt(this.db, 'SELECT * FROM teams WHERE organization_id = ? AND slug = ?').get(
      organizationId,
      slug,
    ) as Row | undefined;
    return row ? toTeam(row) : null;
  }

  listTeams(organizationId: number): TeamRecord[] {
    return (
      stmt(this.db, 'SELECT * FROM teams WHERE organization_id = ? ORDER BY slug').all(
        organizationId,
      ) as Row[]
    ).map(toTeam);
  }

  createApiToken(input: {
    userId: number;
    name: string;
    tokenHash: string;
    scopes: string[];
  }): ApiTokenRecord {
    const row = stmt(
      this.db,
      `INSERT INTO api_tokens (user_id, name, token_hash, scopes, date_created) VALUES (?, ?, ?, ?, ?) RETURNING *`,
    ).get(input.userId, input.name, input.tokenHash, JSON.stringify(input.scopes), Date.now()) as Row;
    return toApiToken(row);
  }

  findApiToken(tokenHash: string): { token: ApiTokenRecord; user: UserRecord } | null {
    const row = stmt(this.db, 'SELECT * FROM api_tokens WHERE token_hash = ?').get(tokenHash) as
      Row | undefined;
    if (!row) return null;
    const user = this.getUserById(Number(row.user_id));
    if (!user || !user.isActive) return null;
    const now = Date.now();
    // Coarse last-used stamp: one write a minute per token, not one per request.
    if (row.last_used_at === null || now - Number(row.last_used_at) > 60_000) {
      stmt(this.db, 'UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, row.id);
    }
    return { token: toApiToken(row), user };
  }
}
