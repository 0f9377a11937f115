import type pg from 'pg';
import type { ApiTokenRecord, SessionRecord, UserRecord } from '../types.js';
import type { Row } from './database.js';
import { toApiToken, toSession, toUser } from '../rows.js';

/** What a request authenticates with on PostgreSQL: browser sessions and API tokens. */
export class PostgresCredentials {
  constructor(private readonly pool: pg.Pool) {}

  async createSession(session: SessionRecord): Promise<void> {
    await this.pool.query(
      'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [session.idHash, session.userId, session.csrfToken, session.createdAt, session.expiresAt],
    );
  }

  async findSession(
    idHash: string,
    now: number,
  ): Promise<{ session: SessionRecord; user: UserRecord } | null> {
    // sessions and users share no column name, so one row maps to both records.
    const { rows } = await this.pool.query<Row>(
      `SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.expires_at, u.*
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.is_active`,
      [idHash, now],
    );
    const row = rows[0];
    return row ? { session: toSession(row), user: toUser(row) } : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteUserSessions(userId: number): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }

  async deleteExpiredSessions(now: number): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    return rowCount ?? 0;
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
    const { rows: users } = await this.pool.query<Row>('SELECT * FROM users WHERE id = $1', [row.user_id]);
    const user = users[0] ? toUser(users[0]) : null;
    if (!user || !user.isActive) return null;
    const now = Date.now();
    // Coarse last-used stamp: one write a minute per token, not one per request.
    if (row.last_used_at === null || now - Number(row.last_used_at) > 60_000) {
      await this.pool.query('UPDATE api_tokens SET last_used_at = $1 WHERE id = $2', [now, row.id]);
    }
    return { token: toApiToken(row), user };
  }

  async listApiTokens(userId: number): Promise<ApiTokenRecord[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY date_created DESC, id DESC',
      [userId],
    );
    return rows.map(toApiToken);
  }

  async deleteApiToken(userId: number, tokenId: number): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM api_tokens WHERE id = $1 AND user_id = $2', [
      tokenId,
      userId,
    ]);
    return (rowCount ?? 0) > 0;
  }
}
