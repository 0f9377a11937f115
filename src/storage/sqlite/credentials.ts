import type { ApiTokenRecord, SessionRecord, UserRecord } from '../types.js';
import { stmt, type Db } from './database.js';
import { toApiToken, toSession, toUser, type Row } from '../rows.js';

/** What a request authenticates with on SQLite: browser sessions and API tokens. */
export class SqliteCredentials {
  constructor(private readonly db: Db) {}

  createSession(session: SessionRecord): void {
    stmt(
      this.db,
      'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    ).run(session.idHash, session.userId, session.csrfToken, session.createdAt, session.expiresAt);
  }

  findSession(idHash: string, now: number): { session: SessionRecord; user: UserRecord } | null {
    // sessions and users share no column name, so one row maps to both records.
    const row = stmt(
      this.db,
      `SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at, u.*
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id_hash = ? AND s.expires_at > ? AND u.is_active = 1`,
    ).get(idHash, now) as Row | undefined;
    return row ? { session: toSession(row), user: toUser(row) } : null;
  }

  deleteSession(idHash: string): void {
    stmt(this.db, 'DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  deleteUserSessions(userId: number): void {
    stmt(this.db, 'DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  deleteExpiredSessions(now: number): number {
    return stmt(this.db, 'DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
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
    const userRow = stmt(this.db, 'SELECT * FROM users WHERE id = ?').get(row.user_id) as Row | undefined;
    const user = userRow ? toUser(userRow) : null;
    if (!user || !user.isActive) return null;
    const now = Date.now();
    // Coarse last-used stamp: one write a minute per token, not one per request.
    if (row.last_used_at === null || now - Number(row.last_used_at) > 60_000) {
      stmt(this.db, 'UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, row.id);
    }
    return { token: toApiToken(row), user };
  }

  listApiTokens(userId: number): ApiTokenRecord[] {
    return (
      stmt(this.db, 'SELECT * FROM api_tokens WHERE user_id = ? ORDER BY date_created DESC, id DESC').all(
        userId,
      ) as Row[]
    ).map(toApiToken);
  }

  deleteApiToken(userId: number, tokenId: number): boolean {
    return (
      stmt(this.db, 'DELETE FROM api_tokens WHERE id = ? AND user_id = ?').run(tokenId, userId).changes > 0
    );
  }
}
