import type pg from 'pg';
import type { EventRecord, OutcomeRow } from '../types.js';
import type { Row } from './database.js';
import { toEvent, toOutcome } from '../rows.js';

/** Event reads and outcome counters on PostgreSQL. */
export class PostgresEvents {
  constructor(private readonly pool: pg.Pool) {}

  async listForIssue(issueId: number, limit: number, offset: number): Promise<EventRecord[]> {
    // Each day partition walks its (issue_id, timestamp, id) index backwards; a merge joins them.
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM events WHERE issue_id = $1 ORDER BY timestamp DESC, id DESC LIMIT $2 OFFSET $3',
      [issueId, limit, offset],
    );
    return rows.map(toEvent);
  }

  async edge(issueId: number, which: 'latest' | 'oldest'): Promise<EventRecord | null> {
    const order = which === 'latest' ? 'DESC' : 'ASC';
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM events WHERE issue_id = $1 ORDER BY timestamp ${order}, id ${order} LIMIT 1`,
      [issueId],
    );
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async get(projectId: number, eventId: string): Promise<EventRecord | null> {
    // event_ids knows the event's received_at, i.e. its partition: the scan prunes to that one day
    // at run time instead of probing every partition.
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM events WHERE project_id = $1 AND event_id = $2
         AND received_at = (SELECT received_at FROM event_ids WHERE project_id = $1 AND event_id = $2)`,
      [projectId, eventId],
    );
    return rows[0] ? toEvent(rows[0]) : null;
  }

  async adjacent(
    issueId: number,
    event: EventRecord,
  ): Promise<{ previous: string | null; next: string | null }> {
    const { rows: self } = await this.pool.query<Row>(
      'SELECT id FROM events WHERE project_id = $1 AND event_id = $2 AND received_at = $3',
      [event.projectId, event.eventId, event.receivedAt],
    );
    const id = self[0] ? Number(self[0].id) : 0;
    const [prev, next] = await Promise.all([
      this.pool.query<Row>(
        `SELECT event_id FROM events WHERE issue_id = $1 AND (timestamp, id) < ($2, $3)
         ORDER BY timestamp DESC, id DESC LIMIT 1`,
        [issueId, event.timestamp, id],
      ),
      this.pool.query<Row>(
        `SELECT event_id FROM events WHERE issue_id = $1 AND (timestamp, id) > ($2, $3)
         ORDER BY timestamp ASC, id ASC LIMIT 1`,
        [issueId, event.timestamp, id],
      ),
    ]);
    return {
      previous: prev.rows[0] ? String(prev.rows[0].event_id) : null,
      next: next.rows[0] ? String(next.rows[0].event_id) : null,
    };
  }

  async addOutcomes(rows: OutcomeRow[]): Promise<void> {
    // Summed per key first (an upsert may not touch one row twice in a statement), and written in key
    // order, so two processes adding to the same counters cannot deadlock.
    const sums = new Map<string, OutcomeRow>();
    for (const r of rows) {
      const key = JSON.stringify([r.projectId ?? 0, r.hour, r.outcome, r.category, r.reason]);
      const s = sums.get(key);
      if (s) s.quantity += r.quantity;
      else sums.set(key, { ...r, projectId: r.projectId ?? 0 });
    }
    const all = [...sums.values()];
    if (all.length === 0) return;
    await this.pool.query(
      `INSERT INTO outcomes (project_id, hour, outcome, category, reason, quantity)
       SELECT * FROM unnest($1::int[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::bigint[])
         AS t(p, h, o, c, r, q) ORDER BY p, h, o COLLATE "C", c COLLATE "C", r COLLATE "C"
       ON CONFLICT (project_id, hour, outcome, category, reason)
         DO UPDATE SET quantity = outcomes.quantity + excluded.quantity`,
      [
        all.map((r) => r.projectId),
        all.map((r) => r.hour),
        all.map((r) => r.outcome),
        all.map((r) => r.category),
        all.map((r) => r.reason),
        all.map((r) => r.quantity),
      ],
    );
  }

  async listOutcomes(since: number, projectIds: number[] | null): Promise<OutcomeRow[]> {
    const { rows } =
      projectIds === null
        ? await this.pool.query<Row>('SELECT * FROM outcomes WHERE hour >= $1 ORDER BY hour', [since])
        : await this.pool.query<Row>(
            'SELECT * FROM outcomes WHERE hour >= $1 AND project_id = ANY($2::int[]) ORDER BY hour',
            [since, projectIds],
          );
    return rows.map(toOutcome);
  }
}
