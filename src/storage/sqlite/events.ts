import type { EventRecord, OutcomeRow } from '../types.js';
import { DAY_MS } from '../event-body.js';
import { stmt, type Db } from './database.js';
import { toEvent, toOutcome, type Row } from '../rows.js';

/** Event reads, outcome counters and retention on SQLite. */
export class SqliteEvents {
  constructor(private readonly db: Db) {}

  listForIssue(issueId: number, limit: number, offset: number): EventRecord[] {
    return (
      stmt(
        this.db,
        'SELECT * FROM events WHERE issue_id = ? ORDER BY timestamp DESC, id DESC LIMIT ? OFFSET ?',
      ).all(issueId, limit, offset) as Row[]
    ).map(toEvent);
  }

  edge(issueId: number, which: 'latest' | 'oldest'): EventRecord | null {
    const order = which === 'latest' ? 'DESC' : 'ASC';
    const row = stmt(
      this.db,
      `SELECT * FROM events WHERE issue_id = ? ORDER BY timestamp ${order}, id ${order} LIMIT 1`,
    ).get(issueId) as Row | undefined;
    return row ? toEvent(row) : null;
  }

  get(projectId: number, eventId: string): EventRecord | null {
    const row = stmt(this.db, 'SELECT * FROM events WHERE project_id = ? AND event_id = ?').get(
      projectId,
      eventId,
    ) as Row | undefined;
    return row ? toEvent(row) : null;
  }

  adjacent(issueId: number, event: EventRecord): { previous: string | null; next: string | null } {
    const self = stmt(this.db, 'SELECT id FROM events WHERE project_id = ? AND event_id = ?').get(
      event.projectId,
      event.eventId,
    ) as Row | undefined;
    const id = self ? Number(self.id) : 0;
    const prev = stmt(
      this.db,
      `SELECT event_id FROM events WHERE issue_id = ? AND (timestamp < ? OR (timestamp = ? AND id < ?))
       ORDER BY timestamp DESC, id DESC LIMIT 1`,
    ).get(issueId, event.timestamp, event.timestamp, id) as Row | undefined;
    const next = stmt(
      this.db,
      `SELECT event_id FROM events WHERE issue_id = ? AND (timestamp > ? OR (timestamp = ? AND id > ?))
       ORDER BY timestamp ASC, id ASC LIMIT 1`,
    ).get(issueId, event.timestamp, event.timestamp, id) as Row | undefined;
    return { previous: prev ? String(prev.event_id) : null, next: next ? String(next.event_id) : null };
  }

  addOutcomes(rows: OutcomeRow[]): void {
    const add = stmt(
      this.db,
      `INSERT INTO outcomes (project_id, hour, outcome, category, reason, quantity) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (project_id, hour, outcome, category, reason) DO UPDATE SET quantity = quantity + excluded.quantity`,
    );
    this.db
      .transaction(() => {
        for (const r of rows) add.run(r.projectId ?? 0, r.hour, r.outcome, r.category, r.reason, r.quantity);
      })
      .immediate();
  }

  listOutcomes(since: number, projectIds: number[] | null): OutcomeRow[] {
    const rows = (
      projectIds === null
        ? stmt(this.db, 'SELECT * FROM outcomes WHERE hour >= ? ORDER BY hour').all(since)
        : this.db
            .prepare(
              `SELECT * FROM outcomes WHERE hour >= ? AND project_id IN (${projectIds.map(() => '?').join(',') || 'NULL'}) ORDER BY hour`,
            )
            .all(since, ...projectIds)
    ) as Row[];
    return rows.map(toOutcome);
  }

  /**
   * Deletes a bounded chunk of old events, then issues whose last event is older than the cut-off with
   * their tags and counters, and chunks of old transactions and spans with the performance roll-ups of
   * hours before the cut-off. Chunked so the digest is never blocked for long; the job loops until 0.
   */
  deleteOldData(before: number, limit: number): number {
    return this.db
      .transaction(() => {
        const events = stmt(
          this.db,
          'DELETE FROM events WHERE id IN (SELECT id FROM events WHERE received_at < ? LIMIT ?)',
        ).run(before, limit).changes;
        const issues = stmt(
          this.db,
          'DELETE FROM issues WHERE id IN (SELECT id FROM issues WHERE last_seen < ? LIMIT ?)',
        ).run(before, limit).changes;
        stmt(
          this.db,
          'DELETE FROM attachments WHERE id IN (SELECT id FROM attachments WHERE date_created < ? LIMIT ?)',
        ).run(before, limit);
        const transactions = stmt(
          this.db,
          'DELETE FROM transactions WHERE id IN (SELECT id FROM transactions WHERE received_at < ? LIMIT ?)',
        ).run(before, limit).changes;
        const spans =
          stmt(
            this.db,
            'DELETE FROM span_chunks WHERE id IN (SELECT id FROM span_chunks WHERE received_at < ? LIMIT ?)',
          ).run(before, limit).changes +
          // Per-span rows of before span chunks (migration 6), until the last of them is old enough.
          stmt(
            this.db,
            'DELETE FROM spans WHERE id IN (SELECT id FROM spans WHERE received_at < ? LIMIT ?)',
          ).run(before, limit).changes;
        // Roll-ups are small (one row per issue-hour) and the job runs hourly, so one statement suffices.
        stmt(this.db, 'DELETE FROM issue_hourly WHERE hour < ?').run(before);
        stmt(this.db, 'DELETE FROM outcomes WHERE hour < ?').run(before);
        stmt(this.db, 'DELETE FROM transaction_rollups WHERE hour < ?').run(before);
        stmt(this.db, 'DELETE FROM transaction_users WHERE hour < ?').run(before);
        stmt(this.db, 'DELETE FROM transaction_user_sets WHERE hour < ?').run(before);
        // A day goes once all of it is before the cutoff; a window never reads a day from the day rows
        // unless the whole day is inside it, so the hours deleted early are never counted from them.
        stmt(this.db, 'DELETE FROM transaction_rollups_day WHERE day <= ?').run(before - DAY_MS);
        stmt(this.db, 'DELETE FROM transaction_users_day WHERE day <= ?').run(before - DAY_MS);
        stmt(this.db, 'DELETE FROM transaction_user_sets_day WHERE day <= ?').run(before - DAY_MS);
        stmt(this.db, 'DELETE FROM pending_measurements WHERE received_at < ?').run(before);
        return events + issues + transactions + spans;
      })
      .immediate();
  }
}
