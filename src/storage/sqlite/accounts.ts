import type { MemberRecord, OrganizationRecord, OrgRole, TeamRecord, UserRecord } from '../types.js';
import { stmt, type Db } from './database.js';
import { toMember, toOrganization, toTeam, toUser, type Row } from '../rows.js';

/** Users, organizations, memberships and teams on SQLite. */
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

  listUsers(): UserRecord[] {
    return (stmt(this.db, 'SELECT * FROM users ORDER BY email, id').all() as Row[]).map(toUser);
  }

  updateUser(userId: number, patch: { name?: string; isSuperuser?: boolean; isActive?: boolean }): void {
    const flag = (v: boolean | undefined): number | null => (v === undefined ? null : v ? 1 : 0);
    // Every column here is NOT NULL, so NULL can stand for "leave as it is".
    stmt(
      this.db,
      `UPDATE users SET name = coalesce(?, name), is_superuser = coalesce(?, is_superuser),
         is_active = coalesce(?, is_active) WHERE id = ?`,
    ).run(patch.name ?? null, flag(patch.isSuperuser), flag(patch.isActive), userId);
  }

  createFirstUser(input: { email: string; name?: string; passwordHash: string }): UserRecord | null {
    // IMMEDIATE takes the write lock before the check, so another process cannot insert in between.
    return this.db
      .transaction(() => {
        const row = stmt(
          this.db,
          `INSERT INTO users (email, name, password_hash, is_superuser, date_joined)
           SELECT ?, ?, ?, 1, ? WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING *`,
        ).get(input.email, input.name ?? '', input.passwordHash, Date.now()) as Row | undefined;
        return row ? toUser(row) : null;
      })
      .immediate();
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

  listMembers(organizationId: number): MemberRecord[] {
    const rows = stmt(
      this.db,
      `SELECT m.organization_id, m.role, m.date_added, u.* FROM org_members m JOIN users u ON u.id = m.user_id
       WHERE m.organization_id = ? ORDER BY u.email, u.id`,
    ).all(organizationId) as Row[];
    return rows.map(toMember);
  }

  removeMember(organizationId: number, userId: number): void {
    stmt(this.db, 'DELETE FROM org_members WHERE organization_id = ? AND user_id = ?').run(
      organizationId,
      userId,
    );
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
}
