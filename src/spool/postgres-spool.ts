import type pg from 'pg';
import type { IngestMeta, NewSpoolEntry, Spool, SpoolEntry } from './spool.js';

type Row = {
  id: string;
  project_id: number;
  received_at: string;
  meta: string;
  body: Buffer;
  attempts: number;
};

/** Channel ingest processes notify after spooling, so idle digest processes wake at once. */
export const SPOOL_CHANNEL = 'faultline_spool';

/**
 * The scale-out spool: a table in the shared PostgreSQL database. Any number of ingest processes
 * append; any number of digest processes claim batches with `FOR UPDATE SKIP LOCKED` and a lease, so a
 * crashed digest's entries are claimed again once its lease runs out. Processing twice is harmless
 * because the digest is idempotent by event id.
 */
export class PostgresSpool implements Spool {
  constructor(
    private readonly pool: pg.Pool,
    private readonly leaseMs = 15_000,
  ) {}

  async append(entries: NewSpoolEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One multi-row INSERT is one commit: the group commit of the embedded spool, here.
    await this.pool.query(
      `INSERT INTO spool (project_id, received_at, meta, body)
       SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[], $4::bytea[]);
       `,
      [
        entries.map((e) => e.projectId),
        entries.map((e) => e.receivedAt),
        entries.map((e) => JSON.stringify(e.meta)),
        entries.map((e) => e.body),
      ],
    );
    await this.pool.query(`NOTIFY ${SPOOL_CHANNEL}`);
  }

  async claim(limit: number, maxBytes = Infinity): Promise<SpoolEntry[]> {
    const now = Date.now();
    // Locks up to `limit` rows, then keeps those whose predecessors' bodies stay under the budget (so
    // at least the first); the rows it locked but left are free again when the statement ends.
    const { rows } = await this.pool.query<Row>(
      `WITH locked AS (
         SELECT id, octet_length(body) AS size FROM spool
         WHERE buried IS NULL AND (claimed_until IS NULL OR claimed_until < $2)
         ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED),
       kept AS (SELECT id, sum(size) OVER (ORDER BY id) - size AS before FROM locked)
       UPDATE spool SET claimed_until = $1 FROM kept
       WHERE spool.id = kept.id AND kept.before < $4
       RETURNING spool.id, project_id, received_at, meta, body, attempts`,
      [now + this.leaseMs, now, limit, Number.isFinite(maxBytes) ? maxBytes : Number.MAX_SAFE_INTEGER],
    );
    return rows
      .map((r) => ({
        id: Number(r.id),
        projectId: r.project_id,
        receivedAt: Number(r.received_at),
        meta: JSON.parse(r.meta) as IngestMeta,
        body: r.body,
        attempts: r.attempts,
      }))
      .sort((a, b) => a.id - b.id);
  }

  async ack(ids: number[]): Promise<void> {
    if (ids.length > 0) await this.pool.query('DELETE FROM spool WHERE id = ANY($1::bigint[])', [ids]);
  }

  async release(ids: number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query(
      'UPDATE spool SET claimed_until = NULL, attempts = attempts + 1 WHERE id = ANY($1::bigint[])',
      [ids],
    );
  }

  async bury(ids: number[], reason: string): Promise<void> {
    if (ids.length === 0) return;
    await this.pool.query('UPDATE spool SET buried = $2 WHERE id = ANY($1::bigint[])', [
      ids,
      reason.slice(0, 500),
    ]);
  }

  async retryBuried(): Promise<number> {
    const { rowCount } = await this.pool.query(
      'UPDATE spool SET buried = NULL, attempts = 0, claimed_until = NULL WHERE buried IS NOT NULL',
    );
    return rowCount ?? 0;
  }

  async oldestWaiting(): Promise<number | null> {
    // In id order, so it reads the head of the primary key however long the queue is.
    const { rows } = await this.pool.query<{ received_at: string }>(
      'SELECT received_at FROM spool WHERE buried IS NULL ORDER BY id LIMIT 1',
    );
    return rows[0] ? Number(rows[0].received_at) : null;
  }

  async depth(): Promise<{ waiting: number; buried: number }> {
    const { rows } = await this.pool.query<{ waiting: string; buried: string }>(
      'SELECT count(*) - count(buried) AS waiting, count(buried) AS buried FROM spool',
    );
    return { waiting: Number(rows[0]?.waiting ?? 0), buried: Number(rows[0]?.buried ?? 0) };
  }

  async close(): Promise<void> {
    // The pool belongs to the storage; it closes it.
  }
}
